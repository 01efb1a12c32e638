"""History matches runs by the site's public origin, never by the local port a folder was served on, with or
without a trailing slash."""

from __future__ import annotations

from clinicaudit.store import site_key
from tests.conftest import run_cli


def test_one_site_whatever_its_spelling():
    assert site_key("https://Example.com") == site_key("https://example.com/") == "https://example.com/"
    assert site_key("https://example.com:443/") == "https://example.com/"
    assert site_key("http://example.com:8080") == "http://example.com:8080/"
    assert site_key("https://example.com/") != site_key("http://example.com/")


def test_a_folder_without_public_origin_keeps_one_history_across_ports(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html lang='en'><head><title>Clinic</title></head><body><h1>Clinic</h1>"
                                     "<img src='a.png'></body></html>", encoding="utf-8")
    db = tmp_path / "history.sqlite"
    first = run_cli("audit", str(site), "--out", str(tmp_path / "one"), "--db", str(db))
    second = run_cli("audit", str(site), "--out", str(tmp_path / "two"), "--db", str(db))
    assert first.returncode == 0 and second.returncode == 0, second.stderr
    # each run serves the folder on a new random port, yet the second compares with the first
    assert "since run 1: 0 new, 0 fixed" in second.stderr, second.stderr
    listed = run_cli("history", str(site), "--db", str(db))
    assert listed.returncode == 0 and len([line for line in listed.stdout.splitlines() if "complete" in line]) == 2


def test_history_finds_a_site_with_or_without_its_slash(tmp_path, site_server):
    db = tmp_path / "history.sqlite"
    base = site_server("wordpress")
    run = run_cli("audit", base, "--out", str(tmp_path / "out"), "--db", str(db), "--max-pages", "5")
    assert run.returncode in (0, 1), run.stderr
    for spelling in (base.rstrip("/"), base.rstrip("/") + "/"):
        listed = run_cli("history", spelling, "--db", str(db))
        assert "complete" in listed.stdout, (spelling, listed.stdout)


def _nothing(run, out):
    import json
    assert run.returncode == 2, run.stderr
    assert "nothing was audited" in run.stderr and "Traceback" not in run.stderr
    saved = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert saved["complete"] is False and saved["finish_reason"] == "nothing-audited"
    return run.stderr


def test_an_empty_folder_is_no_result(tmp_path):
    (tmp_path / "empty").mkdir()
    db = tmp_path / "history.sqlite"
    run = run_cli("audit", str(tmp_path / "empty"), "--out", str(tmp_path / "out"), "--db", str(db))
    _nothing(run, tmp_path / "out")
    listed = run_cli("history", str(tmp_path / "empty"), "--db", str(db))
    assert "incomplete" in listed.stdout


def test_an_index_that_is_really_a_pdf_is_no_result(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_bytes(b"%PDF-1.4\n% not a web page\n")
    err = _nothing(run_cli("audit", str(site), "--out", str(tmp_path / "out")), tmp_path / "out")
    assert "PDF" in err or "not an HTML page" in err, err


def test_a_folder_of_only_a_non_html_file_is_no_result(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "notes.txt").write_text("hello", encoding="utf-8")
    _nothing(run_cli("audit", str(site), "--out", str(tmp_path / "out")), tmp_path / "out")
