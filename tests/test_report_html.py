"""report.html in a real headless Chromium (Playwright): the demo run renders offline with no request but the file
itself (and the thumbnails of image findings, from the audited site, removed when they cannot load), its findings
are there and the filters work; online, the thumbnails show; hostile site content stays text; everything is readable with
scripts disabled; a 500-page, 5,000-finding run stays small enough and filterable.

Needs Playwright (the Python package; its browsers are NOT downloaded) and Debian's /usr/bin/chromium."""

from __future__ import annotations

import json
import random
import re
import time
from collections import Counter
from html import unescape
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import lxml.html
import pytest

from clinicaudit.output import OutputDir
from clinicaudit.reports import html
from clinicaudit.reports.model import RunData
from tests.conftest import run_cli

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium); the HTML "
                                                       "report tests run in a real headless Chromium"),
]


# -- fixtures ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright  # imported here so that `-m "not browser"` needs no Playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real CLI's demo run, and its report.html written from the run's files."""
    out = tmp_path_factory.mktemp("demo-report")
    run = run_cli("demo", "--out", str(out))
    assert (out / "findings.jsonl").is_file(), f"demo run failed ({run.returncode}):\n{run.stderr}"
    return html.write(RunData.load(out), OutputDir(out))


class Watch:
    """Everything a page does that a self-contained report must not: requests, console errors, dialogs. The one
    exception: the thumbnails of image findings, which load from the audited site when the report is opened online
    (and are removed when they cannot); those requests are kept apart, in `thumbnails`."""

    def __init__(self, page: Any, thumbs: set[str] = frozenset()) -> None:
        self.requests: list[str] = []
        self.thumbnails: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda r: (self.thumbnails if r.url in thumbs else self.requests).append(r.url))
        page.on("requestfailed", lambda r: None if r.url in thumbs else self.errors.append(f"request failed: {r.url}"))
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}")
                if m.type in ("error", "warning") and (m.location or {}).get("url") not in thumbs else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))


def open_report(browser: Any, path: Path, **context: Any) -> tuple[Any, Any, Watch]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, **context)
    page = ctx.new_page()
    thumbs = {unescape(m) for m in re.findall(r'<img class="thumb" src="([^"]+)"', path.read_text(encoding="utf-8"))}
    watch = Watch(page, thumbs)
    page.goto(path.as_uri(), wait_until="load")
    return ctx, page, watch


def shown(page: Any) -> int:
    """Finding rows currently visible in the issues section."""
    return page.locator("#issues .f:visible").count()


def search(page: Any, text: str, expected: int, timeout: float = 10_000) -> None:
    page.fill("#q", text)
    page.press("#q", "Enter")
    page.wait_for_function("n => document.getElementById('filters').dataset.shown === String(n)", arg=expected,
                           timeout=timeout)


def toggle(page: Any, name: str, value: str) -> None:
    page.locator(f"label.chip:has(input[name={name}][value={value}])").click()


def findings_of(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines() if line]


# -- the demo run ------------------------------------------------------------------------------------------------


def test_demo_report_offline_and_complete(browser: Any, demo_report: Path, tmp_path: Path) -> None:
    findings = findings_of(demo_report.parent)
    ctx, page, watch = open_report(browser, demo_report)
    try:
        assert watch.requests == [demo_report.as_uri()], "the report must load nothing but itself"
        assert watch.errors == []
        assert page.locator("#filters").is_visible()
        # Every finding once in the issues section, and again on its page's card.
        assert page.locator("#issues .f").count() == len(findings)
        assert page.locator("#pages .f").count() == len(findings)
        assert shown(page) == len(findings)

        image_alt = page.locator("#issues details[data-group=rule]", has_text="image-alt").filter(
            has=page.locator(".gid", has_text="image-alt")).first
        assert image_alt.locator(".f").count() == 1
        row = image_alt.locator(".f")
        assert row.locator(".path").inner_text() == "/about"
        assert "team-3.jpg" in row.inner_text()
        assert row.locator("pre.snip").inner_text().startswith("<img ")

        dup = page.locator("#issues details[data-group=rule]").filter(has=page.locator(".gid", has_text="duplicate-title"))
        assert sorted(dup.locator(".f .path").all_inner_texts()) == ["/conditions", "/contact"]
        assert "Contact Us | Strathcona Physical Therapy" in dup.inner_text()

        summary = page.locator("#summary").inner_text()
        assert "How the score is computed" in summary and "25" in summary
        assert page.locator("#charts svg").count() >= 1
        assert "history database" in page.locator("#charts").inner_text()  # no trend without one
        assert "no previous run" in page.locator("#changes").inner_text()
        # A service page shows its extracted content.
        massage = page.locator("#pages details[data-group=page]").filter(has=page.locator(".path", has_text="/massage-therapy"))
        assert "Registered Massage Therapy" in massage.locator(".service").inner_text()

        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 50_000
        print(f"screenshot: {shot}")
    finally:
        ctx.close()


def test_demo_report_filters(browser: Any, demo_report: Path) -> None:
    findings = findings_of(demo_report.parent)
    ctx, page, watch = open_report(browser, demo_report)
    try:
        search(page, "duplicate-title", 2)
        assert shown(page) == 2
        assert sorted(page.locator("#issues .f:visible .path").all_inner_texts()) == ["/conditions", "/contact"]
        assert page.locator("#issues details[data-group=rule]:visible").count() == 1

        search(page, "IMG_2043", 1)
        assert "/massage-therapy" in page.locator("#issues .f:visible").inner_text()
        # Page cards follow: only the page with a matching finding stays.
        assert page.locator("#pages details[data-group=page]:visible .path").all_inner_texts() == ["/massage-therapy"]

        search(page, "no such text anywhere", 0)
        assert page.locator("#no-issues").is_visible()

        search(page, "", len(findings))
        toggle(page, "sev", "warning")
        toggle(page, "sev", "notice")
        errors = sum(1 for f in findings if f["severity"] == "error")
        page.wait_for_function("n => document.getElementById('filters').dataset.shown === String(n)", arg=errors)
        assert shown(page) == errors
        assert set(page.locator("#issues .f:visible").evaluate_all("els => els.map(e => e.dataset.sev)")) == {"error"}
        assert set(page.locator("#pages .f:visible").evaluate_all("els => els.map(e => e.dataset.sev)")) == {"error"}

        page.click("#reset")
        for cat in ("images", "headings", "structured-data", "meta"):
            toggle(page, "cat", cat)
        links = sum(1 for f in findings if f["category"] == "links")
        page.wait_for_function("n => document.getElementById('filters').dataset.shown === String(n)", arg=links)
        assert shown(page) == links

        page.click("#reset")
        page.wait_for_function("n => document.getElementById('filters').dataset.shown === String(n)",
                               arg=len(findings))
        assert shown(page) == len(findings)
        assert watch.errors == []
    finally:
        ctx.close()


def test_demo_report_without_javascript(browser: Any, demo_report: Path) -> None:
    findings = findings_of(demo_report.parent)
    ctx, page, watch = open_report(browser, demo_report, java_script_enabled=False)
    try:
        assert not page.locator("#filters").is_visible()  # the filters need the script: absent, not broken
        assert shown(page) == len(findings)
        assert page.locator("#pages .f:visible").count() == len(findings)
        assert page.get_by_text("Image 'team-3.jpg' has no alt attribute", exact=False).first.is_visible()
        assert watch.requests == [demo_report.as_uri()]
    finally:
        ctx.close()


# -- hostile content ---------------------------------------------------------------------------------------------

ORIGIN = "https://clinic.example"
T = "</title><script>window.__pwned=1;alert(1)</script>"
A = '"><script>window.__pwned=2;alert(2)</script><img src=x onerror="window.__pwned=3;alert(3)">'
J = "javascript:window.__pwned=4;alert(4)"
L = '{"@type": "Thing", "name": "</script><script>window.__pwned=5;alert(5)</script>"}'


def page_record(path: str, *, title: str | None = "Page", h1: str | None = "Heading", status: int | None = 200,
                url: str | None = None, is_html: bool = True, redirect_to: str | None = None,
                error: dict[str, str] | None = None, meta_description: str | None = "About this page") -> dict[str, Any]:
    url = url or ORIGIN + path
    record: dict[str, Any] = {
        "url": url, "public_url": url, "requested_url": url, "redirects": [], "redirect_to": redirect_to,
        "status": status, "error": error, "content_type": "text/html; charset=utf-8" if is_html else None,
        "is_html": is_html, "response_time_ms": 12.5, "size": 1234, "depth": 1, "referrer": ORIGIN + "/",
        "discovered_via": "link", "fetched_at": "2026-11-26T16:30:28+00:00", "html": None,
    }
    if is_html and status and 200 <= status < 300:
        record["html"] = {
            "title": title, "meta_description": meta_description, "meta_robots": None, "x_robots_tag": None,
            "canonical": url, "lang": "en", "headings": [{"level": 1, "text": h1}] if h1 is not None else [],
            "images": [], "links": [], "word_count": 321, "parse_error": None,
            "structured_data": {"json-ld": [], "microdata": [], "rdfa": [], "opengraph": [], "errors": []},
        }
    return record


def finding(rule: str, category: str, severity: str, url: str, message: str, snippet: str = "",
            selector: str = "html", data: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"rule": rule, "category": category, "severity": severity, "url": url, "selector": selector,
            "snippet": snippet[:200], "message": message, "data": data or {}}


def write_run(out: Path, pages: list[dict[str, Any]], findings: list[dict[str, Any]], site: dict[str, Any],
              site_url: str = ORIGIN + "/") -> None:
    out.mkdir(parents=True, exist_ok=True)
    counts = {s: sum(1 for f in findings if f["severity"] == s) for s in ("error", "warning", "notice")}
    run = {"site": site_url, "crawled_url": site_url, "started": "2026-11-26T16:30:27+00:00",
           "finished": "2026-11-26T16:31:02+00:00", "complete": True, "finish_reason": "finished",
           "tool": {"name": "clinicaudit", "version": "0.1.0"}, "config_digest": "0" * 16, "pages": len(pages),
           "counts": counts}
    (out / "run.json").write_text(json.dumps(run), encoding="utf-8")
    (out / "site.json").write_text(json.dumps(site), encoding="utf-8")
    for name, rows in (("pages.jsonl", pages), ("findings.jsonl", findings)):
        (out / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_hostile_content_stays_text(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "hostile"
    home, about = ORIGIN + "/", ORIGIN + "/about"
    pages = [
        page_record("/", title=T, h1=A, meta_description=L),
        page_record("/about", title="About", h1=T),
        page_record("", url=J, status=None, is_html=False, error={"kind": "error", "message": A}),
        page_record("/old", status=301, is_html=False, redirect_to=J),
    ]
    findings = [
        finding("image-alt", "images", "error", home, f"Image {A} has no alt", f'<img alt="{A}" src="{J}">',
                'img[alt="x"]', {"src": J}),
        finding("duplicate-title", "meta", "warning", home, f"The title '{T}' is also the title of {about}",
                f"<title>{T}</title>", "html > head > title", {"title": T, "duplicates": [about, J]}),
        finding("jsonld-syntax", "structured-data", "error", about, f"JSON-LD does not parse: {L}",
                f'<script type="application/ld+json">{L}</script>', "script", {"type": "JSON-LD", "line": 1}),
        finding("link-text", "links", "warning", about, f"Link to {J} says 'click here'", f'<a href="{J}">click here</a>',
                "a", {"href": J, "text": A}),
        finding("broken-link", "links", "error", J, f"The link to {J} is broken", f'<a href="{J}">{T}</a>', "a",
                {"target": J}),
    ]
    site = {
        "site": {"url": home, "site_url": home, "crawled_at": "2026-11-26T16:30:27+00:00", "pages": len(pages),
                 "tool": {"name": "clinicaudit", "version": "0.1.0"}},
        "clinic": {"name": T, "url": J},
        "services": [{"id": "svc", "name": A, "aliases": [T, J], "url": home, "summary": L, "intro": L,
                      "benefits": [A, J], "sections": [{"heading": T, "text": L}], "conditions": ["c1", "unknown"],
                      "images": [{"src": J, "alt": A}], "evidence": [{"signal": "menu-services", "weight": 3}], "score": 3}],
        "conditions": [{"id": "c1", "name": T, "examples": [A], "treated_by": ["svc"], "urls": [J]}],
    }
    write_run(out, pages, findings, site)
    data = RunData.load(out)
    data.changes = {"new": data.findings[:3], "fixed": [dict(data.findings[3], message=A, url=J)], "baseline": T}
    data.trend = [{"id": 1, "started": T, "scores": {"overall": 50}, "counts": {"error": 1, "warning": 2, "notice": 0}},
                  {"id": 2, "started": "2026-11-26T16:30:27+00:00", "scores": {"overall": 61},
                   "counts": {"error": 2, "warning": 2, "notice": 1}}]
    report = html.write(data, OutputDir(out))
    text = report.read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in text and "<img src=x" not in text

    ctx, page, watch = open_report(browser, report)
    try:
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert watch.dialogs == []
        assert watch.requests == [report.as_uri()]
        assert watch.errors == []
        assert page.evaluate("document.scripts.length") == 1  # ours, and nothing the site smuggled in
        assert page.evaluate("document.images.length") == 0
        hrefs = page.locator("a[href]").evaluate_all("els => els.map(a => [a.getAttribute('href'), a.protocol])")
        assert hrefs, "the report links to its own sections and to http(s) pages"
        for raw, protocol in hrefs:
            assert not raw.strip().lower().startswith("javascript:") and protocol != "javascript:", raw
            assert raw.startswith(("#", "http://", "https://")), raw
        body = page.locator("body").inner_text()
        for hostile in (T, A, J, L):
            assert hostile in body, f"{hostile!r} should be shown as text"
        assert T in page.title()
        # Filtering on hostile text works and runs nothing.
        search(page, "__pwned=3", page.locator("#issues .f").filter(has_text="__pwned=3").count())
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert watch.dialogs == []
    finally:
        ctx.close()


# -- size --------------------------------------------------------------------------------------------------------

RULES = [("image-alt", "images", "error"), ("image-alt-generic", "images", "warning"),
         ("heading-order", "headings", "notice"), ("empty-heading", "headings", "warning"),
         ("jsonld-syntax", "structured-data", "error"), ("schema-recommended-property", "structured-data", "notice"),
         ("meta-description", "meta", "warning"), ("title-too-long", "meta", "notice"),
         ("link-text", "links", "warning"), ("broken-link", "links", "error"), ("redirected-link", "links", "notice")]


def test_large_run(browser: Any, tmp_path: Path) -> None:
    rnd = random.Random(7)
    out = tmp_path / "large"
    pages = [page_record(f"/section-{i // 50}/page-{i}", title=f"Page {i} | A Clinic With A Long Name",
                         h1=f"Treatment {i}") for i in range(500)]
    findings = []
    for i in range(5000):
        rule, category, severity = RULES[i % len(RULES)]
        url = pages[rnd.randrange(500)]["public_url"]
        src = f"/wp-content/uploads/2023/05/photo-{i}.jpg"
        snippet = (f'<img decoding="async" width="1024" height="683" class="attachment-large size-large wp-image-{i}" '
                   f'src="{src}" data-src="{src}" alt="image">')
        findings.append(finding(rule, category, severity, url, f"Finding m{i:05d}: something to fix on this element "
                                f"(about {rnd.choice(['knees', 'backs', 'shoulders'])})", snippet,
                                f"#content > div > div > section:nth-of-type({i % 9 + 1}) > div > div > div > img",
                                {"src": ORIGIN + src}))
    site = {"site": {"url": ORIGIN + "/", "site_url": ORIGIN + "/", "crawled_at": "2026-11-26T16:30:27+00:00",
                     "pages": 500, "tool": {"name": "clinicaudit", "version": "0.1.0"}},
            "clinic": {"name": "A Clinic"}, "conditions": [],
            "services": [{"id": f"s{i}", "name": f"Service {i}", "aliases": [], "url": pages[i]["public_url"],
                          "summary": "A treatment.", "benefits": ["Less pain"], "conditions": [], "images": [],
                          "evidence": [{"signal": "menu-services", "weight": 3}], "score": 3} for i in range(20)]}
    write_run(out, pages, findings, site)
    data = RunData.load(out)
    started = time.monotonic()
    report = html.write(data, OutputDir(out))
    render_s = time.monotonic() - started
    size = report.stat().st_size
    assert size < 15_000_000, f"report.html is {size / 1e6:.1f} MB"
    assert render_s < 30, f"rendering took {render_s:.1f} s"

    # report.html shows each rule's first 100 findings and the 200 pages with the most issues; the rest are in
    # report-pages/, 500 findings or 200 pages a file (docs/outputs.md), and every finding is in exactly one file
    per_rule = Counter(f["rule"] for f in findings)
    inline = {rule: [f for f in findings if f["rule"] == rule][:100] for rule in per_rule}
    parts = out / "report-pages"
    expected_parts = {f"pages-{k}.html" for k in (2, 3)}  # 500 pages: 200 here, 200 + 100 in parts
    rule_numbers = {}
    for number, rule in enumerate(sorted(per_rule, key=lambda r: (["error", "warning", "notice"].index(
            next(f["severity"] for f in findings if f["rule"] == r)), r)), 1):
        rule_numbers[rule] = number
        extra = per_rule[rule] - 100
        expected_parts |= {f"rule-{number}-{k}.html" for k in range(2, 2 + -(-extra // 500))} if extra > 0 else set()
    assert {p.name for p in parts.iterdir()} == expected_parts
    messages: Counter[str] = Counter()
    for path in [report, *parts.glob("rule-*.html")]:
        tree = lxml.html.fromstring(path.read_bytes())
        messages.update(m.text_content() for m in tree.xpath("//ol[@class='flist']//div[@class='msg']"))
    assert messages == Counter(f["message"] for f in findings)
    cards = Counter()
    for path in [report, *parts.glob("pages-*.html")]:
        tree = lxml.html.fromstring(path.read_bytes())
        cards.update(p.text_content() for p in tree.xpath("//details[@data-group='page']/summary/span[@class='path']"))
    assert sorted(cards) == sorted(urlsplit(p["public_url"]).path for p in pages) and set(cards.values()) == {1}

    ctx, page, watch = open_report(browser, report)
    try:
        assert watch.errors == [] and watch.requests == [report.as_uri()]
        assert page.locator("#issues .f").count() == sum(len(v) for v in inline.values())
        assert page.locator("#pages details[data-group=page]").count() == 200
        # Large: the groups start collapsed, so the page stays short until something is searched.
        assert page.locator("#issues details[data-group=rule][open]").count() == 0
        search(page, "m00042", 1)
        assert shown(page) == 1
        assert "m00042" in page.locator("#issues .f:visible").inner_text()
        search(page, "", sum(len(v) for v in inline.values()))
        toggle(page, "sev", "warning")
        toggle(page, "sev", "notice")
        errors = sum(1 for fs in inline.values() for f in fs if f["severity"] == "error")
        page.wait_for_function("n => document.getElementById('filters').dataset.shown === String(n)", arg=errors,
                               timeout=10_000)
        assert shown(page) == errors
        # a rule with more than report.html shows links to its next part, which links on and back
        rule = next(r for r in per_rule if per_rule[r] > 100)
        link = page.locator(f"#rule-{rule_numbers[rule]} .more-parts a").first
        assert link.get_attribute("href") == f"report-pages/rule-{rule_numbers[rule]}-2.html"
        assert watch.errors == []
    finally:
        ctx.close()
    part = parts / f"rule-{rule_numbers[rule]}-2.html"
    ctx, page, watch = open_report(browser, part)
    try:
        assert watch.errors == [] and watch.requests == [part.as_uri()]
        rows = page.locator(".flist .f .msg").all_inner_texts()
        assert rows == [f["message"] for f in findings if f["rule"] == rule][100:600]
        page.locator("a", has_text="Back to the report").click()
        page.wait_for_load_state("load")
        assert page.url == report.as_uri()
    finally:
        ctx.close()
    # Without scripts nothing is collapsed or hidden: the whole report is there to read (and to search with Ctrl+F).
    ctx, page, watch = open_report(browser, report, java_script_enabled=False)
    try:
        assert page.locator("details[data-group]:not([open])").count() == 0
        assert page.locator("#issues .f").nth(1000).is_visible()
        assert not page.locator("#filters").is_visible()
    finally:
        ctx.close()
    # Rendered again with fewer findings, no part of the first rendering is left behind to mislead.
    write_run(out, pages[:100], [dict(f, url=pages[0]["public_url"]) for f in findings[:50]], site)
    html.write(RunData.load(out), OutputDir(out))
    assert not parts.exists()
    print(f"large report: {size / 1e6:.2f} MB, rendered in {render_s:.2f} s")


def test_image_findings_show_their_image_online_and_nothing_broken_offline(browser, tmp_path):
    import shutil

    from clinicaudit.cli import demo_folder
    from clinicaudit.serve import serve_folder

    site = tmp_path / "site"
    (site / "img").mkdir(parents=True)
    uploads = demo_folder() / "wp-content" / "uploads" / "2023" / "05"
    for name in ("team-3.jpg", "IMG_2043.jpg"):
        shutil.copy(uploads / name, site / "img" / name)
    (site / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Valley Physio</title></head><body>'
        '<h1>Valley Physio</h1><img src="img/team-3.jpg"><img src="img/IMG_2043.jpg" alt="IMG_2043.jpg">'
        '<a href="/about">About</a></body></html>', encoding="utf-8")
    out = tmp_path / "out"
    with serve_folder(site) as base:  # the images are online at the site's address while the report is opened
        run = run_cli("audit", base, "--out", str(out), "--db", "none", "--format", "html", "--format", "json")
        report = out / "report.html"
        assert report.is_file(), run.stderr
        ctx, page, watch = open_report(browser, report)
        page.wait_for_load_state("networkidle")
        shown = page.eval_on_selector_all("img.thumb", "els => els.map(e => [e.src, e.naturalWidth])")
        ctx.close()
    findings = json.loads((out / "report.json").read_text(encoding="utf-8"))["findings"]
    about = {f["data"]["src"] for f in findings if f["rule"] in ("image-alt", "image-alt-filename")}
    assert about == {base + "img/team-3.jpg", base + "img/IMG_2043.jpg"}
    assert {src for src, _ in shown} == about and all(width > 0 for _, width in shown)  # loaded, beside the code
    assert watch.requests == [report.as_uri()] and watch.errors == []  # nothing but the file and its thumbnails
    # the server is gone: the report still opens, with no broken image and no error
    ctx, page, watch = open_report(browser, report)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => document.querySelectorAll('img.thumb').length === 0")
    assert watch.errors == []
    ctx.close()
