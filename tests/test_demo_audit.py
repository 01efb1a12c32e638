"""The demo site's audit, as a golden list written by hand from docs/demo-site.md: every deliberate flaw is found
at its element, and nothing else is reported (no false alarm on the demo's correct markup)."""

from __future__ import annotations

import json

import pytest

from clinicaudit.cli import demo_folder
from clinicaudit.page import Page
from tests.conftest import Run, run_cli

ORIGIN = "https://strathconaphysicaltherapy.com"
SERVICE_PAGES = ["/dryneedling", "/physiotherapy", "/massage-therapy", "/shockwave-therapy",
                 "/vestibular-rehabilitation"]

# (rule, page, a selector of the element in the demo file — its first match, or (selector, n) for the n-th —, or
# "html" for the page as a whole)
GOLDEN = [
    ("image-alt", "/about", 'img[data-src$="team-3.jpg"]'),
    ("image-alt-filename", "/massage-therapy", 'img[data-src$="IMG_2043.jpg"]'),
    ("image-alt-generic", "/physiotherapy", 'img[data-src$="physiotherapy-exercise.jpg"]'),
    ("image-alt-redundant-prefix", "/shockwave-therapy", 'img[data-src$="shockwave-heel.jpg"]'),
    ("link-name", "/contact", '.spt-social a[href="https://www.facebook.com/strathconaphysicaltherapy"]'),
    ("heading-order", "/vestibular-rehabilitation", "h4"),  # the first h4, right after the h2
    ("empty-heading", "/vestibular-rehabilitation", ".spt-cta h3.elementor-heading-title"),
    ("multiple-h1", "/about", ("h1", 1)),  # the second h1, "Meet Our Team"
    ("duplicate-title", "/conditions", "title"),
    ("duplicate-title", "/contact", "title"),
    ("meta-description", "/massage-therapy", "html"),
    ("jsonld-syntax", "/shockwave-therapy", 'main script[type="application/ld+json"]:nth-of-type(2)'),
    ("link-text", "/physiotherapy", 'a[href="https://strathconapt.janeapp.com/"]:contains("click here")'),
    ("broken-link", "/conditions", f'a[href="{ORIGIN}/hip-pain"]'),
    ("redirected-link", "/about", f'a[href="{ORIGIN}/ims"]'),
    ("redirect-chain", "/about", f'a[href="{ORIGIN}/services/dry-needling"]'),
    ("canonical", "/physiotherapy", 'link[rel="canonical"]'),
    # Not planted, but true of the real site's markup (docs/demo-site.md, "Findings that follow from the markup"):
    ("title-too-long", "/", "title"),
    *[("service-markup-missing", page, "h1") for page in SERVICE_PAGES if page != "/shockwave-therapy"],
    *[("condition-markup-missing", page, "h1") for page in SERVICE_PAGES],
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Run:
    run = run_cli("demo", "--out", str(tmp_path_factory.mktemp("demo-audit")))
    assert run.returncode == 0, run.stderr
    return run


def _page(path: str) -> Page:
    name = path.strip("/") or "index"
    return Page.parse(ORIGIN + path, (demo_folder() / f"{name}.html").read_text(encoding="utf-8"))


def _element(page: Page, selector):
    if selector == "html":
        return page.root
    selector, n = selector if isinstance(selector, tuple) else (selector, 0)
    found = page.css(selector)
    assert len(found) > n, f"{selector} matches too little"
    return found[n]


def test_demo_findings_are_exactly_the_golden_list(demo):
    findings = [json.loads(line) for line in (demo.out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    pages: dict[str, Page] = {}
    got = []
    for f in findings:
        path = f["url"][len(ORIGIN):] or "/"
        page = pages.setdefault(path, _page(path))
        matched = [page.root] if f["selector"] == "html" else page.css(f["selector"])
        assert len(matched) == 1, f
        got.append((f["rule"], path, matched[0]))
    expected = []
    for rule, path, selector in GOLDEN:
        page = pages.setdefault(path, _page(path))
        expected.append((rule, path, _element(page, selector)))
    key = lambda t: (t[0], t[1], id(t[2]))  # noqa: E731
    missing = [(r, p) for r, p, e in expected if key((r, p, e)) not in {key(g) for g in got}]
    extra = [(r, p, e.tag) for r, p, e in got if key((r, p, e)) not in {key(x) for x in expected}]
    assert not missing and not extra, f"missing {missing}; unexpected {extra}"
    assert len(got) == len(expected)
