"""The project's contracts outside the crawl: a real Scrapy project, an installed package with its data, the
validate command."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO

SCRAPY = [sys.executable, "-m", "scrapy"]


def test_scrapy_list_shows_the_spider():
    proc = subprocess.run([*SCRAPY, "list"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["site"]


def test_scrapy_crawl_exports_page_records(behaviour_server_url, tmp_path):
    out = tmp_path / "pages.jsonl"
    proc = subprocess.run([*SCRAPY, "crawl", "site", "-a", f"url={behaviour_server_url}/a", "-O", str(out),
                           "-s", "CLINICAUDIT_MAX_DEPTH=0", "-s", "LOG_LEVEL=WARNING"],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    page = next(r for r in records if r["url"].endswith("/a"))
    assert page["status"] == 200 and page["html"]["title"] == "A"
    assert "Traceback" not in proc.stderr


def test_installed_package_carries_its_data(tmp_path):
    """Run from an empty folder, so that the installed package (not the checkout) is imported."""
    code = (
        "import clinicaudit, json; from importlib import resources as r; from audits.registry import rules;"
        "assert len(rules()) >= 2;"
        "s = sorted(p.name for p in r.files('clinicaudit._schema').iterdir() if p.name.endswith('.json'));"
        "d = r.files('clinicaudit') / 'demo_site';"
        "v = r.files('clinicaudit') / 'data' / 'schemaorg';"
        "print(json.dumps([clinicaudit.__file__, s, (d / 'index.html').is_file(), (d / 'dryneedling.html').is_file(),"
        " (v / 'schemaorg-current-https.jsonld').is_file(), (v / 'README.md').is_file()]))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    where, schemas, *files = json.loads(proc.stdout)
    assert "site-packages" in where, "the tests must run against the installed package"
    assert schemas == ["clinic.schema.json", "condition.schema.json", "finding.schema.json", "page.schema.json",
                       "report.schema.json", "service.schema.json", "site.schema.json"]
    assert files == [True, True, True, True]


def test_validate_command_prints_errors_by_pointer(tmp_path, cli):
    good = {"id": "dry-needling", "name": "Dry Needling", "aliases": [], "url": "https://x.example/d",
            "summary": None, "intro": "", "benefits": [], "sections": [], "conditions": [], "images": [],
            "evidence": [{"signal": "menu-services", "weight": 3}], "score": 3}
    (tmp_path / "service.json").write_text(json.dumps(good))
    run = cli("validate", str(tmp_path / "service.json"))
    assert run.returncode == 0 and "valid" in run.stdout
    bad = {**good, "id": "Dry Needling", "sections": [{"heading": ""}]}
    (tmp_path / "service-bad.json").write_text(json.dumps(bad))
    run = cli("validate", str(tmp_path / "service-bad.json"))
    assert run.returncode == 3
    assert "/id: 'Dry Needling' does not match" in run.stdout
    assert "/sections/0: 'text' is a required property" in run.stdout
    assert "/sections/0/heading: '' should be non-empty" in run.stdout


def test_validate_command_on_jsonl_names_the_line(tmp_path, cli):
    (tmp_path / "pages.jsonl").write_text('{"url": "ftp://x"}\n', encoding="utf-8")
    run = cli("validate", str(tmp_path / "pages.jsonl"))
    assert run.returncode == 3 and "pages.jsonl:line 1: /" in run.stdout
