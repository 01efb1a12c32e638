"""axe-core's integration fixtures as a site: each rule fixture wrapped as axe's runner wraps it, the full-page fixtures
as they are, one index page linking them all. The peer test crawls that site once and compares, element by element.

The fixtures are data from axe-core (MPL-2.0), kept outside the repository in `../shared/peers/axe-core/` (its
README says how axe wraps them); `PEERS` is None when that folder is absent."""

from __future__ import annotations

import html
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_FOLDER = REPO.parent / "shared" / "peers" / "axe-core"
PEERS: Path | None = _FOLDER if (_FOLDER / "integration").is_dir() else None

# axe's rule id -> clinicaudit's (the same id unless listed here)
RULE_IDS = {"meta-viewport": "viewport"}
# Which of a clinicaudit rule's findings answer axe's rule, when the rule checks more than axe's does: `viewport` is
# Lighthouse's mobile-viewport check and, in its `zoom` part, axe's meta-viewport.
FINDING_FILTERS = {"meta-viewport": lambda finding: bool(finding.get("data", {}).get("zoom"))}
# The rules the issue lists; every one must be covered by a fixture here and a rule in clinicaudit.
SHARED_RULES = ["image-alt", "link-name", "empty-heading", "heading-order", "page-has-heading-one", "document-title",
                "html-has-lang", "html-lang-valid", "valid-lang", "meta-viewport", "image-redundant-alt",
                "role-img-alt", "input-image-alt", "area-alt", "svg-img-alt", "object-alt"]

# What axe's runner puts around a rule fixture: an ordinary page, the fragment as the innerHTML of div#fixture.
_WRAPPER = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>axe-core fixture {name}</title></head>
<body><div id="fixture">{fragment}</div></body></html>
"""


@dataclass
class Case:
    """One fixture page: where it is served, and what axe expects of each target ('violation', 'pass',
    'inapplicable'); `browser` says why a static tool cannot judge the page's elements (None when it can)."""

    rule: str
    path: str  # the served path, from the site's root
    expected: dict[str, str] = field(default_factory=dict)
    browser: str | None = None
    note: str = ""


def build_site(out: Path) -> list[Case]:
    """Write the fixture site into `out` and return its cases."""
    assert PEERS is not None
    cases: list[Case] = []
    rules = PEERS / "integration" / "rules"
    for spec_path in sorted(rules.glob("*/*.json")):
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        fragment = spec_path.with_suffix(".html").read_text(encoding="utf-8")
        rel = f"rules/{spec_path.parent.name}/{spec_path.stem}.html"
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_WRAPPER.format(name=html.escape(spec_path.stem), fragment=fragment), encoding="utf-8")
        frames = spec_path.parent / "frames"
        if frames.is_dir() and not (target.parent / "frames").exists():
            shutil.copytree(frames, target.parent / "frames")
        expected: dict[str, str] = {}
        for kind, outcome in (("violations", "violation"), ("passes", "pass")):
            for selectors in spec.get(kind, []):
                expected[" >> ".join(selectors)] = outcome
        cases.append(Case(rule=spec["rule"], path="/" + rel, expected=expected, note=spec.get("description", "")))
    full = json.loads((PEERS / "full-expected.json").read_text(encoding="utf-8"))
    shutil.copytree(PEERS / "integration" / "full", out / "full", dirs_exist_ok=True)
    for case in full["cases"]:
        rel = case["page"].removeprefix("integration/")
        cases.append(Case(rule=case["rule"], path="/" + rel, expected=dict(case["expected"]),
                          browser=case["needs_browser"], note=case.get("note", "")))
    links = "\n".join(f'<li><a href="{html.escape(c.path)}">{html.escape(c.path)}</a></li>'
                      for c in cases)
    (out / "index.html").write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>axe-core fixtures</title></head>'
        f"<body><h1>axe-core fixtures</h1><ul>{links}</ul></body></html>", encoding="utf-8")
    return cases
