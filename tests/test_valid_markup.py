"""Correct schema.org markup for a clinic, its service and a condition it treats, in JSON-LD, microdata and RDFa:
no structured-data rule reports anything, whichever syntax carries it."""

from __future__ import annotations

import pytest

from audits import run_page
from audits.config import AuditConfig
from audits.context import PageContext
from audits.registry import rules
from tests.rule_harness import parse

FOLDER = __import__("pathlib").Path(__file__).parent / "fixtures" / "valid-markup"


@pytest.mark.parametrize("file", ["jsonld.html", "microdata.html", "rdfa.html"])
def test_valid_markup_has_no_structured_data_finding(file):
    page = parse(FOLDER, file, "/page")
    structured = {rid for rid, r in rules().items() if r.meta.category == "structured-data"}
    config = AuditConfig.from_config({"rules": {rid: ("on" if rid in structured else "off") for rid in rules()}})
    findings = run_page(PageContext(page=page, url=page.url), config)
    assert [(f.rule, f.message) for f in findings] == []
    # and the markup is really there, in that syntax
    types = {t for e in PageContext(page=page, url=page.url).entities for t in e.types}
    assert {"Physiotherapy", "PhysicalTherapy", "MedicalCondition", "PostalAddress"} <= types
