"""axe-core's own integration fixtures, crawled in one run and compared with what axe expects, element by element,
on the rules both tools share (tests/peers.py builds the site; docs/rules.md says how to read the result).

Elements whose answer needs a browser (an iframe's content, computed styles, axe run on part of a page) are counted
apart, each with its reason. Every other element must agree."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import lxml.etree
import pytest

from audits.registry import rules
from clinicaudit.page import Page
from tests.conftest import run_cli
from tests.peers import FINDING_FILTERS, PEERS, RULE_IDS, SHARED_RULES, Case, build_site

pytestmark = pytest.mark.skipif(PEERS is None, reason="axe-core's fixtures are not here (../shared/peers/axe-core/)")


def _snippet(el: lxml.etree._Element) -> str:
    return lxml.etree.tostring(el, encoding="unicode", with_tail=False, method="html")


def _resolve(page: Page, target: str) -> list:
    if target.startswith("snippet:"):
        snippet = target.removeprefix("snippet:")
        return [el for el in page.root.iter(lxml.etree.Element) if _snippet(el) == snippet]
    if target == "html":
        return [page.root]
    return page.css(target)


@pytest.fixture(scope="module")
def peer_run(tmp_path_factory):
    site = tmp_path_factory.mktemp("axe") / "site"
    site.mkdir()
    cases = build_site(site)
    out = tmp_path_factory.mktemp("axe-out") / "out"
    run = run_cli("audit", str(site), "--out", str(out), timeout=300)
    assert run.returncode in (0, 1), run.stderr
    findings: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for line in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines():
        f = json.loads(line)
        findings[(urlsplit(f["url"]).path, f["rule"])].append(f)
    crawled = {urlsplit(json.loads(line)["url"]).path
               for line in (out / "pages.jsonl").read_text(encoding="utf-8").splitlines()}
    return site, cases, findings, crawled


def _compare(site: Path, case: Case, findings: dict, crawled: set[str]) -> dict[str, str]:
    """(axe target) -> disagreement, for one fixture page."""
    rule = RULE_IDS.get(case.rule, case.rule)
    page = Page.parse("http://127.0.0.1" + case.path, (site / case.path.lstrip("/")).read_text(encoding="utf-8"),
                      {"Content-Type": "text/html"}, 200)
    keep = FINDING_FILTERS.get(case.rule, lambda finding: True)
    flagged = [el for f in findings.get((case.path, rule), []) if keep(f) for el in _resolve(page, f["selector"] or "html")]
    out: dict[str, str] = {}
    if case.path not in crawled:
        return {target: "page not crawled" for target in case.expected}
    known = set()
    for target, outcome in case.expected.items():
        if target.startswith("frame:") or " >> " in target or " > #frame" in target or target.startswith("#frame"):
            continue  # an element inside an iframe: its own document is a case of its own where axe lists it
        elements = _resolve(page, target)
        if len(elements) != 1:
            out[target] = f"the target matches {len(elements)} elements"
            continue
        known.add(elements[0])
        hit = elements[0] in flagged
        if outcome == "violation" and not hit:
            out[target] = "missed" if rule in rules() else f"missed: no rule {rule!r}"
        elif outcome != "violation" and hit:
            out[target] = f"false alarm (axe: {outcome})"
    for el in flagged:
        if el not in known:
            out["snippet:" + _snippet(el)[:80]] = "false alarm (not in axe's lists)"
    return out


def test_every_shared_rule_has_fixtures(peer_run):
    _, cases, _, _ = peer_run
    assert sorted({c.rule for c in cases}) == sorted(SHARED_RULES)


def test_clinicaudit_agrees_with_axe_on_every_element_a_static_tool_can_judge(peer_run):
    site, cases, findings, crawled = peer_run
    disagreements: dict[tuple[str, str], str] = {}
    judged: Counter[str] = Counter()
    browser: list[str] = []
    for case in cases:
        if case.browser:
            browser.append(f"{case.path}: {case.browser}")
            continue
        judged[case.rule] += len(case.expected)
        for target, why in _compare(site, case, findings, crawled).items():
            disagreements[(case.path, target)] = why
    print(f"\naxe fixtures: {sum(judged.values())} elements judged on {len(judged)} rules, "
          f"{len(disagreements)} disagreements; {len(browser)} pages need a browser:")
    print("\n".join("  " + b for b in browser))
    assert set(judged) == set(SHARED_RULES) and all(RULE_IDS.get(r, r) in rules() for r in judged)
    assert not disagreements, "disagreements with axe:\n" + "\n".join(
        f"  {p} {t}: {w}" for (p, t), w in sorted(disagreements.items()))
