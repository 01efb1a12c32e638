"""One home for shared terms (clinicaudit.terms): severities, categories, their labels and order, the severity
threshold and the report formats are defined once, and every part reads them from there; a new report format is
one module and one registration."""

from __future__ import annotations

import importlib
import json
import sys
import types
from pathlib import Path

from audits import rule as audit_rule
from audits.registry import rules
from clinicaudit import cli, gate, terms
from clinicaudit.output import OutputDir
from clinicaudit.reports import model, render
from clinicaudit.reports.model import RunData


def test_every_part_uses_the_one_definition():
    assert audit_rule.SEVERITIES is terms.SEVERITIES and audit_rule.CATEGORIES is terms.CATEGORIES
    assert model.SEVERITIES is terms.SEVERITIES and model.CATEGORIES is terms.CATEGORIES
    assert render.FORMATS is terms.FORMATS and gate.at_or_above is terms.at_or_above
    assert {r.meta.severity for r in rules().values()} <= set(terms.SEVERITIES)
    assert {r.meta.category for r in rules().values()} == set(terms.CATEGORIES)
    assert set(terms.CATEGORY_LABELS) == set(terms.CATEGORIES) == set(terms.CATEGORY_BLURBS)
    assert set(terms.SEVERITY_LABELS) == set(terms.SEVERITIES) == set(terms.SEVERITY_BLURBS)


def test_the_threshold_counts_the_graver_severities():
    assert [s for s in terms.SEVERITIES if terms.at_or_above(s, "warning")] == ["error", "warning"]
    assert [s for s in terms.SEVERITIES if terms.at_or_above(s, "error")] == ["error"]
    assert terms.score_band(90) == ("good", "Good") and terms.score_band(89.9)[0] == "fair"
    assert terms.score_band(49.9)[0] == "poor"


def test_every_format_module_writes_its_file():
    for name, module in terms.FORMATS.items():
        assert callable(importlib.import_module(module).write), name


def test_a_new_format_is_one_module_and_one_registration(tmp_path, monkeypatch):
    module = types.ModuleType("clinicaudit_test_plain_format")

    def write(data: RunData, out: OutputDir) -> Path:
        path = out.path("findings.txt")
        path.write_text("".join(f"{f['severity']} {f['rule']} {f['url']}\n" for f in data.findings), encoding="utf-8")
        return path

    module.write = write
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(terms.FORMATS, "text", module.__name__)
    run = tmp_path / "run"
    run.mkdir()
    (run / "run.json").write_text(json.dumps({"site": "https://clinic.example/", "complete": True}), encoding="utf-8")
    (run / "pages.jsonl").write_text("", encoding="utf-8")
    (run / "findings.jsonl").write_text(json.dumps({
        "rule": "image-alt", "category": "images", "severity": "error", "url": "https://clinic.example/",
        "selector": "img", "snippet": "<img src=a.jpg>", "message": "no alt", "data": {}}) + "\n", encoding="utf-8")
    # the CLI accepts it, and a report of the run writes it
    code = cli.main(["report", str(run), "--format", "text", "--format", "json"])
    assert code == 0
    assert (run / "findings.txt").read_text(encoding="utf-8") == "error image-alt https://clinic.example/\n"
    assert (run / "report.json").is_file()
