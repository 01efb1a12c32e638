"""The audit inside a real crawl: findings streamed and valid, configuration applied, rule docs current."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from audits.docs import markdown
from tests.conftest import REPO, Run, run_cli


@pytest.fixture(scope="module")
def audited(tmp_path_factory) -> Run:
    run = run_cli("demo", "--out", str(tmp_path_factory.mktemp("audit")))
    assert run.returncode == 0, run.stderr
    return run


def findings(run: Run) -> list[dict]:
    return [json.loads(line) for line in (run.out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]


def test_findings_are_valid_and_point_at_one_element(audited):
    from clinicaudit import validation
    from clinicaudit.page import Page

    pages = {p["public_url"]: p for p in audited.pages()}
    assert findings(audited)
    for finding in findings(audited):
        assert validation.errors(finding, "finding") == []
        assert finding["url"] in pages
    assert "findings:" in audited.stderr and "errors" in audited.stderr
    # Selectors resolve to exactly one element of the page as served.
    from clinicaudit.cli import demo_folder

    for finding in findings(audited):
        path = finding["url"].split("/", 3)[-1] or "index"
        html = (demo_folder() / f"{path}.html").read_text(encoding="utf-8")
        page = Page.parse(finding["url"], html)
        matched = [page.root] if finding["selector"] == "html" else page.css(finding["selector"])
        assert len(matched) == 1, finding


def test_rule_switched_off_and_relevelled_from_the_command_line(tmp_path):
    from clinicaudit.cli import demo_folder

    run = run_cli("audit", str(demo_folder()), "--site-url", "https://strathconaphysicaltherapy.com",
                  "--out", str(tmp_path / "a"), "--rule", "image-alt=off", "--rule", "duplicate-title=notice")
    got = findings(run)
    assert not [f for f in got if f["rule"] == "image-alt"]
    assert [f["severity"] for f in got if f["rule"] == "duplicate-title"] == ["notice", "notice"]
    # The reports say the rule did not run, rather than that it passed.
    run_json = json.loads((run.out / "run.json").read_text(encoding="utf-8"))
    assert run_json["rules"]["image-alt"] == "off" and run_json["rules"]["duplicate-title"] == "notice"
    report = json.loads((run.out / "report.json").read_text(encoding="utf-8"))
    enabled = {r["id"]: r["enabled"] for r in report["rules"]}
    assert not enabled["image-alt"] and enabled["duplicate-title"]
    junit = ET.parse(run.out / "junit.xml").getroot()
    case = junit.find(".//testcase[@name='image-alt']")
    assert case.find("skipped").get("message") == "switched off in the configuration"
    assert junit.find("testsuite").get("skipped") == "1"
    sarif = json.loads((run.out / "report.sarif").read_text(encoding="utf-8"))["runs"][0]
    overrides = sarif["invocations"][0]["ruleConfigurationOverrides"]
    assert [(o["descriptor"]["id"], o["configuration"]["enabled"]) for o in overrides] == [("image-alt", False)]
    assert sarif["tool"]["driver"]["rules"][overrides[0]["descriptor"]["index"]]["id"] == "image-alt"
    bad = run_cli("audit", "http://127.0.0.1:9/", "--out", str(tmp_path / "b"), "--rule", "no-such-rule=off")
    assert bad.returncode == 2 and "no-such-rule: no such rule" in bad.stderr


def test_rule_config_applies(tmp_path, site_server):
    config = tmp_path / "c.toml"
    config.write_text('[rules]\nimage-alt = "off"\nduplicate-title = { severity = "error" }\n', encoding="utf-8")
    from clinicaudit.cli import demo_folder

    run = run_cli("audit", str(demo_folder()), "--site-url", "https://strathconaphysicaltherapy.com",
                  "--out", str(tmp_path / "out"), "--config", str(config))
    got = findings(run)
    assert not [f for f in got if f["rule"] == "image-alt"]
    assert {f["severity"] for f in got if f["rule"] == "duplicate-title"} == {"error"}


def test_rules_command_lists_and_explains(cli):
    listing = cli("rules")
    assert listing.returncode == 0 and "image-alt" in listing.stdout and "duplicate-title" in listing.stdout
    one = cli("rules", "image-alt")
    assert 'marks a decorative image and passes' in one.stdout
    assert cli("rules", "nope").returncode == 2


def test_rules_doc_is_generated_and_current():
    assert (REPO / "docs" / "rules.md").read_text(encoding="utf-8") == markdown(), (
        "docs/rules.md is stale: run `python -m audits.docs > docs/rules.md`")


def test_a_title_shared_by_many_pages_names_a_few_and_counts_the_rest():
    """A template title on 300 pages: each page's finding lists 20 others and counts them all, so findings.jsonl grows
    with the number of pages, not with its square."""
    from audits.context import SiteContext
    from audits.meta.duplicate_title import check_site

    def summaries():
        for i in range(300):
            yield {"url": f"https://clinic.example/blog/page/{i}", "status": 200, "is_html": True, "noindex": False,
                   "canonical": None, "error": None, "redirect_to": None,
                   "title": {"text": "Blog | Clinic", "selector": "html > head > title", "snippet": "<title>"}}

    site = SiteContext(summaries=summaries, site={}, home_url="https://clinic.example/")
    findings = list(check_site(site))
    assert len(findings) == 300
    first = findings[0]
    assert first.data["duplicate_count"] == 299 and len(first.data["duplicates"]) == 20
    assert first.url not in first.data["duplicates"]
    assert first.message.endswith("https://clinic.example/blog/page/3 and 296 more")
    assert len(json.dumps([f.as_dict() for f in findings])) < 1_000_000


def test_the_language_subtags_are_the_registrys():
    """`html-lang-valid` reads the registry's language subtags from language-tags' own data file, without importing
    the package (its import loads the whole registry into every reader): the same answer as the package's own
    `tags.language()`, for every subtag of the registry and a few that are not in it."""
    from language_tags import data, tags

    from audits.meta._lang import _languages, valid_language

    known = _languages()
    assert known is not None
    for subtag in [*data.get("index"), "xx", "english", "qaa", "zz"]:
        assert (subtag in known) == (tags.language(subtag) is not None), subtag
    assert valid_language("en-CA") and valid_language("oma") and not valid_language("xx") and \
        not valid_language("en_US")
