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
