"""One verdict: every combination of baseline, history and --fail-on level gives the same gate verdict in run.json,
report.json, summary.md, report.html, junit.xml and report.sarif, and the same findings fail as the command counts.
The run is a real crawl of the demo site; the baseline and the history's previous run hold that run's findings but
the ones of two rules, which are therefore new."""

from __future__ import annotations

import itertools
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from clinicaudit import runs
from clinicaudit.reports.model import SEVERITIES, RunData
from clinicaudit.reports.render import FORMATS
from clinicaudit.store import Store
from tests.conftest import run_cli

NEW_RULES = {"image-alt", "duplicate-title"}  # an error rule and a warning rule: new against the baseline


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("verdict") / "run"
    run = run_cli("demo", "--out", str(out), cwd=tmp_path_factory.mktemp("cwd"))
    assert run.returncode == 0, run.stderr
    return out


def _older(crawled: Path, where: Path) -> Path:
    """An earlier run of the same site: the same findings but those of NEW_RULES."""
    shutil.copytree(crawled, where)
    lines = (crawled / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if json.loads(line)["rule"] not in NEW_RULES]
    (where / "findings.jsonl").write_text("".join(line + "\n" for line in kept), encoding="utf-8")
    return where


def _expected(crawled: Path, compared: bool, fail_on: str | None) -> set[str] | None:
    """The rules whose findings must fail the gate, worked out here from the findings themselves."""
    if fail_on is None:
        return None
    findings = [json.loads(line) for line in (crawled / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    counted = [f for f in findings if f["rule"] in NEW_RULES] if compared else findings
    return {f["rule"] for f in counted if SEVERITIES.index(f["severity"]) <= SEVERITIES.index(fail_on)}


@pytest.mark.parametrize("baseline, history, fail_on", list(itertools.product(
    [False, True], ["none", "empty", "previous"], [None, "error", "warning", "notice"])))
def test_every_report_shows_the_one_verdict(crawled, tmp_path, baseline, history, fail_on):
    out = tmp_path / "run"
    shutil.copytree(crawled, out)
    site = RunData.load(out).run["site"]
    store = None if history == "none" else Store(tmp_path / "history.db")
    if history == "previous":
        older = RunData.load(_older(crawled, tmp_path / "previous"))
        previous_id = store.begin_run(site, "2026-01-01T00:00:00+00:00", "0", tmp_path / "previous")
        store.finish_run(previous_id, {**older.run, "complete": True}, older.findings, older.scores())
    run_id = store.begin_run(site, "2026-02-01T00:00:00+00:00", "0", out) if store else None
    base = str(_older(crawled, tmp_path / "baseline")) if baseline else None

    outcome = runs.finish_run(out, store=store, run_id=run_id, baseline=base, formats=list(FORMATS),
                              fail_on=fail_on, suppressions=[])
    compared = baseline or history == "previous"
    failing_rules = _expected(crawled, compared, fail_on)

    gate = json.loads((out / "run.json").read_text(encoding="utf-8"))["gate"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    summary = (out / "summary.md").read_text(encoding="utf-8")
    page = (out / "report.html").read_text(encoding="utf-8")
    junit = ET.parse(out / "junit.xml").getroot()
    sarif = json.loads((out / "report.sarif").read_text(encoding="utf-8"))["runs"][0]["properties"]
    junit_failed = {c.get("name") for c in junit.iter("testcase") if c.find("failure") is not None}

    if fail_on is None:
        assert gate is None and report["gate"] is None and outcome.blocking == []
        assert "**Gate**" not in summary and "CI gate" not in page and "gate" not in sarif
        assert junit_failed == set() and junit.get("failures") == "0"
        return
    passed = not failing_rules
    assert {f["rule"] for f in outcome.blocking} == failing_rules  # what the command prints and exits with
    assert gate["passed"] is passed and gate["counts"] == ("new" if compared else "all")
    assert gate["blocking"] == len(outcome.blocking)
    assert report["gate"]["passed"] is passed and report["gate"]["blocking"] == len(outcome.blocking)
    assert {r["id"] for r in report["rules"] if r["failed"]} == failing_rules
    assert ("✅ passed" in summary) is passed and ("❌ failed" in summary) is not passed
    assert f"fail on {fail_on}" in summary
    assert (f"CI gate {'passed' if passed else 'failed'}" in page)
    assert junit_failed == failing_rules and junit.get("failures") == str(len(failing_rules))
    assert sarif["gate"]["passed"] is passed and sarif["failOn"] == fail_on


@pytest.mark.parametrize("fail_on, min_scores, fails", [
    (None, {"images": 100.0}, {"images"}),  # the demo has image errors: below 100
    (None, {"headings": 0.0, "overall": 0.0}, set()),
    ("error", {"images": 100.0, "links": 0.0}, {"images"}),
])
def test_minimum_scores_gate_the_run_in_every_report(crawled, tmp_path, fail_on, min_scores, fails):
    out = tmp_path / "run"
    shutil.copytree(crawled, out)
    outcome = runs.finish_run(out, store=None, run_id=None, baseline=None, formats=list(FORMATS), fail_on=fail_on,
                              suppressions=[], min_scores=min_scores)
    scores = RunData.load(out).scores()
    below = {c for c, m in min_scores.items() if scores[c] < m}
    assert below == fails
    passed = not below and not outcome.blocking
    gate = json.loads((out / "run.json").read_text(encoding="utf-8"))["gate"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    summary = (out / "summary.md").read_text(encoding="utf-8")
    page = (out / "report.html").read_text(encoding="utf-8")
    junit = ET.parse(out / "junit.xml").getroot()
    sarif = json.loads((out / "report.sarif").read_text(encoding="utf-8"))["runs"][0]["properties"]
    assert gate["passed"] is passed and {b["category"] for b in gate["below"]} == below
    assert gate["min_scores"] == min_scores and report["gate"]["below"] == gate["below"]
    assert ("✅ passed" in summary) is passed
    assert all(f"{c} score" in summary and f"{c} score" in page for c in below)
    assert f"CI gate {'passed' if passed else 'failed'}" in page
    score_cases = {c.get("name"): c.find("failure") is not None for c in junit.iter("testcase")
                   if c.get("name", "").startswith("score:")}
    assert score_cases == {f"score:{c}": c in below for c in min_scores}
    assert sarif["gate"]["passed"] is passed and {b["category"] for b in sarif["gate"]["below"]} == below


def test_a_malformed_minimum_score_is_a_usage_error(tmp_path):
    for spec in ("images", "pictures=90", "images=ninety", "images=120"):
        run = run_cli("audit", "http://127.0.0.1:9/", "--out", str(tmp_path / "out"), "--min-score", spec)
        assert run.returncode == 2 and "--min-score" in run.stderr and "Traceback" not in run.stderr


def test_every_score_shows_its_change_since_the_previous_run(crawled, tmp_path):
    out = tmp_path / "run"
    shutil.copytree(crawled, out)
    site = RunData.load(out).run["site"]
    store = Store(tmp_path / "history.db")
    older = RunData.load(_older(crawled, tmp_path / "previous"))  # without the image-alt and duplicate-title findings
    previous_id = store.begin_run(site, "2026-01-01T00:00:00+00:00", "0", tmp_path / "previous")
    store.finish_run(previous_id, {**older.run, "complete": True}, older.findings,
                     {**older.scores(), "formula": runs.SCORE_FORMULA})
    run_id = store.begin_run(site, "2026-02-01T00:00:00+00:00", "0", out)
    runs.finish_run(out, store=store, run_id=run_id, baseline=None, formats=list(FORMATS), fail_on=None,
                    suppressions=[])
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    changes = report["score_changes"]
    # the new findings are an image error and a meta warning: those scores (and the overall) went down, no other
    assert changes["images"] < 0 and changes["meta"] < 0 and changes["overall"] < 0
    assert changes["headings"] == changes["structured-data"] == changes["links"] == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count("since the last run") >= 6  # every category card, and the overall score
    assert "▼" in (out / "summary.md").read_text(encoding="utf-8")


def test_a_run_scored_another_way_shows_no_change(crawled, tmp_path):
    out = tmp_path / "run"
    shutil.copytree(crawled, out)
    site = RunData.load(out).run["site"]
    store = Store(tmp_path / "history.db")
    previous_id = store.begin_run(site, "2026-01-01T00:00:00+00:00", "0", tmp_path / "previous")
    old_style = {"images": 94, "headings": 100, "structured-data": 100, "meta": 97, "links": 100, "overall": 98}
    store.finish_run(previous_id, {**RunData.load(out).run, "complete": True}, [], old_style)  # before the formula
    run_id = store.begin_run(site, "2026-02-01T00:00:00+00:00", "0", out)
    runs.finish_run(out, store=store, run_id=run_id, baseline=None, formats=["json", "html"], fail_on=None,
                    suppressions=[])
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["score_changes"] is None
    assert "since the last run" not in (out / "report.html").read_text(encoding="utf-8")
