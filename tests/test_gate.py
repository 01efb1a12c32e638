"""The regression gate end to end, and the history database: real crawls of the demo site served from a copy
that the test edits between runs."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from clinicaudit.cli import demo_folder
from tests.conftest import run_cli

SITE_URL = "https://strathconaphysicaltherapy.com"


def audit(site, out, *extra):
    return run_cli("audit", str(site), "--site-url", SITE_URL, "--out", str(out), *extra)


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """Run 1 on the demo as shipped; then /conditions gets its own title (fixing a duplicate title) and /about
    gains a photo with no alt; run 2 gates against run 1. Both go into one history database."""
    root = tmp_path_factory.mktemp("gate")
    site = root / "site"
    shutil.copytree(demo_folder(), site)
    db = root / "history.sqlite"
    first = audit(site, root / "run1", "--db", str(db))
    assert first.returncode == 0, first.stderr
    conditions = site / "conditions.html"
    html = conditions.read_text(encoding="utf-8")
    assert html.count("<title>Contact Us | Strathcona Physical Therapy</title>") == 1
    conditions.write_text(html.replace("<title>Contact Us | Strathcona Physical Therapy</title>",
                                       "<title>Conditions We Treat | Strathcona Physical Therapy</title>"),
                          encoding="utf-8")
    about = site / "about.html"
    html = about.read_text(encoding="utf-8")
    about.write_text(html.replace("</main>", '<p><img id="new-photo" src="/wp-content/uploads/2023/05/team-1.jpg">'
                                             "</p></main>", 1), encoding="utf-8")
    second = audit(site, root / "run2", "--db", str(db), "--baseline", str(root / "run1"), "--fail-on", "error")
    return root, db, first, second


def test_gate_fails_on_the_new_finding(two_runs):
    _, _, _, second = two_runs
    assert second.returncode == 1, second.stderr
    assert "gate: FAILED — 1 new findings at or above error" in second.stderr


def test_diff_lists_exactly_the_new_and_the_fixed(two_runs):
    root, _, _, _ = two_runs
    result = run_cli("diff", str(root / "run1"), str(root / "run2"), "--json", "--fail-on", "error")
    assert result.returncode == 1
    body = json.loads(result.stdout)
    assert [(f["rule"], f["url"]) for f in body["new"]] == [("image-alt", f"{SITE_URL}/about")]
    assert 'id="new-photo"' in body["new"][0]["snippet"]
    assert sorted((f["rule"], f["url"]) for f in body["fixed"]) == [
        ("duplicate-title", f"{SITE_URL}/conditions"), ("duplicate-title", f"{SITE_URL}/contact")]
    assert body["counts"]["unchanged"] > 20  # every other finding kept its fingerprint
    assert body["gate"] == {"fail_on": "error", "passed": False, "blocking": [body["new"][0]["fingerprint"]],
                            "suppressed": []}


def test_reports_show_what_changed_and_the_trend(two_runs):
    """The second run's reports know the first: new and fixed in report.json and summary.md, a trend of two runs
    in report.html, and SARIF marks the new result."""
    root, _, _, _ = two_runs
    report = json.loads((root / "run2" / "report.json").read_text(encoding="utf-8"))
    assert [f["rule"] for f in report["changes"]["new"]["findings"]] == ["image-alt"]
    assert sorted(f["url"] for f in report["changes"]["fixed"]["findings"]) == [f"{SITE_URL}/conditions", f"{SITE_URL}/contact"]
    html = (root / "run2" / "report.html").read_text(encoding="utf-8")
    assert 'aria-label="Findings per run"' in html and "The last 2 runs of this site" in html
    assert "new-photo" in html
    sarif = json.loads((root / "run2" / "report.sarif").read_text(encoding="utf-8"))
    states = {r["baselineState"] for r in sarif["runs"][0]["results"]}
    assert states == {"new", "unchanged"}


def test_same_fingerprints_on_another_port(two_runs, tmp_path):
    """The demo served again (another random port) gives the same findings: nothing new, nothing fixed."""
    root, _, _, _ = two_runs
    again = audit(demo_folder(), tmp_path / "again")
    result = run_cli("diff", str(root / "run1"), str(tmp_path / "again"), "--json")
    body = json.loads(result.stdout)
    assert body["counts"]["new"] == 0 and body["counts"]["fixed"] == 0 and again.returncode == 0


def test_suppression_accepts_a_known_finding_until_it_expires(two_runs, tmp_path):
    root, _, _, _ = two_runs
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    past = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    active = tmp_path / "active.toml"
    active.write_text(f'[[suppress]]\nrule = "image-alt"\nurl = "/about"\nreason = "photo pending"\n'
                      f"expires = {future}\n", encoding="utf-8")
    result = run_cli("diff", str(root / "run1"), str(root / "run2"), "--fail-on", "error", "--suppressions",
                     str(active))
    assert result.returncode == 0 and "1 suppressed" in result.stdout
    expired = tmp_path / "expired.toml"
    expired.write_text(f'[[suppress]]\nrule = "image-alt"\nurl = "/about"\nreason = "photo pending"\n'
                       f"expires = {past}\n", encoding="utf-8")
    result = run_cli("diff", str(root / "run1"), str(root / "run2"), "--fail-on", "error", "--suppressions",
                     str(expired))
    assert result.returncode == 1 and f"expired on {past}" in result.stderr


def test_history_keeps_both_runs(two_runs):
    _, db, _, _ = two_runs
    listing = run_cli("history", "--db", str(db))
    lines = [line for line in listing.stdout.splitlines() if line.strip()[:1].isdigit()]
    assert len(lines) == 2 and all("complete" in line and SITE_URL in line for line in lines)
    with sqlite3.connect(db) as con:
        (runs,) = con.execute("SELECT COUNT(*) FROM runs WHERE complete = 1").fetchone()
        by_run = dict(con.execute("SELECT run_id, COUNT(*) FROM findings GROUP BY run_id").fetchall())
    assert runs == 2 and by_run[2] == by_run[1] + 1 - 2  # one new, two fixed


def test_diff_by_run_id_and_usage_errors(two_runs):
    _, db, _, _ = two_runs
    result = run_cli("diff", "1", "2", "--db", str(db))
    assert result.returncode == 0 and result.stdout.startswith("1 new · 2 fixed")
    assert run_cli("diff", "1", "2").returncode == 2  # a run id without a database
    assert run_cli("diff", "/nonexistent", "2", "--db", str(db)).returncode == 2


def test_report_rerenders_a_past_run(two_runs, tmp_path):
    _, db, _, _ = two_runs
    result = run_cli("report", "1", "--db", str(db), "--out", str(tmp_path / "r"), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "r" / "report.json").is_file()


@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM"])
def test_interrupted_run_leaves_history_consistent_and_incomplete(tmp_path, sig):
    """kill -9, or SIGTERM (as Ctrl-C), in the middle of a crawl: the database passes its integrity check, the run
    is there, incomplete, and pages.jsonl holds whole lines. SIGTERM also lets the run write its other files."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import NEUTRAL, QuietHandler, serve

    class Slow(QuietHandler):
        def do_GET(self):
            if self.path == "/robots.txt":
                return self.send(404)
            if self.path == "/":
                return self.send(200, b"<html><title>t</title><body><a href='/slow'>slow</a></body></html>")
            time.sleep(15)
            return self.send(200, b"<html><title>s</title></html>")

    server, base = serve(Slow)
    db, out = tmp_path / "h.sqlite", tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "clinicaudit", "audit", f"{base}/",
                             "--out", str(out), "--db", str(db)], cwd=NEUTRAL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, "CI": "true"})
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # until the home page is on disk and /slow is being fetched
            if (out / "pages.jsonl").is_file() and b'"status":200' in (out / "pages.jsonl").read_bytes():
                break
            time.sleep(0.2)
        proc.send_signal(getattr(signal, sig))
        proc.wait(timeout=60)
        _check_interrupted(sig, out, db)
        if sig == "SIGKILL":
            # Such a run cannot be resumed (its queue was never saved) and says so; a new audit into the same
            # folder starts afresh, not from the dead run's queue.
            resumed = run_cli("audit", "--resume", str(out))
            assert resumed.returncode == 2 and "cannot be resumed: run the audit again" in resumed.stderr
            assert "Traceback" not in resumed.stderr
            json.loads((out / "run.json").read_text(encoding="utf-8"))  # still there, still valid
            fresh = run_cli("audit", f"{base}/", "--out", str(tmp_path / "fresh"),
                            "--timeout", "1")
            again = run_cli("audit", f"{base}/", "--out", str(out), "--timeout", "1")
            assert again.returncode == fresh.returncode == 0, again.stderr
            assert json.loads((out / "run.json").read_text(encoding="utf-8"))["complete"] is True
            assert not (out / ".clinicaudit").exists()
            urls = sorted(json.loads(line)["url"] for line in (out / "pages.jsonl").read_text("utf-8").splitlines())
            assert urls == sorted(json.loads(line)["url"] for line in
                                  (tmp_path / "fresh" / "pages.jsonl").read_text("utf-8").splitlines())
    finally:
        server.shutdown()


def _check_interrupted(sig: str, out: Path, db: Path) -> None:
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("SELECT complete FROM runs").fetchall() == [(0,)]
    lines = (out / "pages.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(line)["url"] for line in lines)
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["complete"] is False
    listing = run_cli("history", "--db", str(db))
    assert "incomplete" in listing.stdout
    if sig == "SIGTERM":
        assert run["finish_reason"] == "shutdown"
        assert (out / "site.json").is_file() and (out / "report.html").is_file()
        with sqlite3.connect(db) as con:  # the findings so far are stored too
            assert con.execute("SELECT COUNT(*) FROM findings").fetchone()[0] >= 1


def test_out_equal_to_or_inside_the_baseline_is_refused(two_runs):
    root, _, _, _ = two_runs
    before = (root / "run1" / "findings.jsonl").read_bytes()
    for out in (root / "run1", root / "run1" / "again"):
        run = audit(root / "site", out, "--baseline", str(root / "run1"), "--fail-on", "error")
        assert run.returncode == 2 and "would overwrite the baseline" in run.stderr, run.stderr
    assert (root / "run1" / "findings.jsonl").read_bytes() == before  # the baseline is untouched


def test_a_baseline_of_another_site_is_refused_unless_allowed(two_runs, tmp_path):
    root, _, _, _ = two_runs
    other = tmp_path / "other-site-run"
    shutil.copytree(root / "run1", other)
    run_json = json.loads((other / "run.json").read_text(encoding="utf-8"))
    run_json["site"] = "https://www.another-clinic.example/"
    (other / "run.json").write_text(json.dumps(run_json), encoding="utf-8")
    refused = audit(root / "site", tmp_path / "out", "--baseline", str(other), "--fail-on", "error")
    assert refused.returncode == 2 and "--allow-other-site" in refused.stderr, refused.stderr
    allowed = audit(root / "site", tmp_path / "out", "--baseline", str(other), "--fail-on", "error",
                    "--allow-other-site")
    assert allowed.returncode in (0, 1) and "gate:" in allowed.stderr, allowed.stderr


def test_a_reused_out_folder_keeps_nothing_of_the_previous_run(two_runs, tmp_path):
    root, _, _, _ = two_runs
    out = tmp_path / "reused"
    shutil.copytree(root / "run1", out)  # a folder an earlier run wrote every report into
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    run = audit(root / "site", out, "--format", "json")
    assert run.returncode == 0, run.stderr
    assert "removed the previous run's files" in run.stderr
    left = sorted(p.name for p in out.iterdir() if p.is_file())
    # this run asked for report.json only: no stale summary.md, junit.xml, report.sarif, report.html or CSV remains
    assert left == ["findings.jsonl", "invalid.jsonl", "notes.txt", "pages.jsonl", "report.json", "run.json",
                    "site.json"]
