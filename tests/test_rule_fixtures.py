"""Every rule against its axe-style fixture: the elements it flags are exactly the listed violations (no false
alarm, no miss), and none of the listed passes. Each finding's selector matches exactly one element."""

from __future__ import annotations

import json

import pytest

from audits.registry import rules
from clinicaudit import validation
from tests.rule_harness import FIXTURES, ORIGIN, resolve, run_case, run_site_case

RULE_IDS = sorted(rules())


def test_every_rule_has_a_fixture_and_every_fixture_a_rule():
    folders = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
    assert folders == RULE_IDS


def _spec(rule_id: str) -> dict:
    spec = json.loads((FIXTURES / rule_id / f"{rule_id}.json").read_text(encoding="utf-8"))
    assert spec["rule"] == rule_id
    return spec


def _flagged(outcome, url: str) -> list:
    page = outcome.pages[url]
    elements = []
    for finding in outcome.findings:
        if finding.url != url:
            continue
        matched = resolve(page, finding.selector)
        assert len(matched) == 1, f"selector {finding.selector!r} matches {len(matched)} elements"
        elements.append(matched[0])
    return elements


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_fixture(rule_id):
    spec = _spec(rule_id)
    folder = FIXTURES / rule_id
    if "site" in spec:
        outcome = run_site_case(rule_id, folder, spec)
        checks = [(ORIGIN + v["url"], v["selector"], True) for v in spec["violations"]]
        checks += [(ORIGIN + p["url"], p["selector"], False) for p in spec.get("passes", [])]
        urls = {url for url, _, _ in checks} | {f.url for f in outcome.findings}
        for url in urls:
            assert url in outcome.pages, f"a finding on {url}, which has no HTML in the fixture"
            page = outcome.pages[url]
            flagged = _flagged(outcome, url)
            expected = [el for u, sel, bad in checks if u == url and bad for el in resolve(page, sel)]
            assert sorted(map(id, flagged)) == sorted(map(id, expected)), (
                f"{url}: flagged {[f.selector for f in outcome.findings if f.url == url]}")
            passes = [el for u, sel, bad in checks if u == url and not bad for el in resolve(page, sel)]
            assert passes or not [1 for u, _, bad in checks if u == url and not bad], "a pass selector matches nothing"
            assert not set(map(id, passes)) & set(map(id, flagged))
    else:
        for case in spec["cases"]:
            outcome = run_case(rule_id, folder, case)
            url = next(iter(outcome.pages))
            page = outcome.pages[url]
            flagged = _flagged(outcome, url)
            expected = [el for sel in case["violations"] for el in resolve(page, sel)]
            assert len(expected) >= len(case["violations"]), f"{case['file']}: a violation selector matches nothing"
            assert sorted(map(id, flagged)) == sorted(map(id, expected)), (
                f"{case['file']}: flagged {[f.selector for f in outcome.findings]}")
            passes = [el for sel in case.get("passes", []) for el in resolve(page, sel)]
            assert len(passes) >= len(case.get("passes", [])), f"{case['file']}: a pass selector matches nothing"
            assert not set(map(id, passes)) & set(map(id, flagged)), f"{case['file']}: a pass was flagged"
    for finding in outcome.findings:
        assert validation.errors(finding.as_dict(), "finding") == []
        assert finding.message and finding.rule == rule_id
