"""A folder audited without --site-url: its production address is read from its own pages, so the crawl follows the
site's absolute links instead of stopping at the first page."""

from __future__ import annotations

import json
from pathlib import Path

from clinicaudit.origin import detect_origin
from tests.conftest import run_cli

ORIGIN = "https://www.harbour-physio.example"
PAGE = """<!doctype html><html lang="en"><head><title>{title} | Harbour Physio</title>
<link rel="canonical" href="{origin}{path}"><meta property="og:url" content="{origin}{path}"></head>
<body><nav><a href="{origin}/">Home</a> <a href="{origin}/physiotherapy/">Physiotherapy</a>
<a href="{origin}/massage/">Massage</a> <a href="https://maps.google.com/?q=harbour">Map</a></nav>
<main><h1>{title}</h1><p>Text.</p></main></body></html>"""


def _site(root: Path) -> Path:
    for path, title in (("/", "Home"), ("/physiotherapy/", "Physiotherapy"), ("/massage/", "Massage")):
        folder = root / path.strip("/")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(PAGE.format(title=title, origin=ORIGIN, path=path), encoding="utf-8")
    return root


def test_the_origin_comes_from_the_pages(tmp_path):
    detected = detect_origin(_site(tmp_path / "site"))
    assert detected is not None and detected.origin == ORIGIN + "/" and detected.source == "canonical links"


def test_a_folder_without_site_url_is_crawled_as_its_production_site(tmp_path):
    site = _site(tmp_path / "site")
    run = run_cli("audit", str(site), "--out", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    assert f"treating {ORIGIN} as this site (from canonical links); pass --site-url to override" in run.stderr
    pages = [p for p in run.pages() if p.get("html")]  # the HTML pages (robots.txt and the sitemap are records too)
    assert sorted(p["public_url"] for p in pages) == [f"{ORIGIN}/", f"{ORIGIN}/massage/", f"{ORIGIN}/physiotherapy/"]
    assert json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))["site"] == ORIGIN + "/"


def test_a_folder_that_names_no_address_says_so(tmp_path):
    site = tmp_path / "plain"
    site.mkdir()
    (site / "index.html").write_text("<html><head><title>Plain</title></head><body><h1>Plain</h1></body></html>",
                                     encoding="utf-8")
    assert detect_origin(site) is None
    run = run_cli("audit", str(site), "--out", str(tmp_path / "out"))
    assert run.returncode == 0 and "no production address found" in run.stderr, run.stderr
