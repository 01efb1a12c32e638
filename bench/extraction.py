"""CPU of extraction per page: every HTML page of the demo and the fixture sites, parsed once, then read by the
per-page extraction step (`read_page`) `--repeat` times; the least time per page is printed. Parsing is not
counted (the crawl parses each page once for every step). Run from the repository root in the project's venv:
`python bench/extraction.py` (`--sites wordpress,squarespace,wix` for the set measured before the extraction
rewrite: demo + those three sites, 36 pages)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import clinicaudit.page as page_module
from clinicaudit.page import Page
from clinicaudit.urls import Scope

try:  # the extraction package (clinicaudit/extract/); before it, clinicaudit.content
    from clinicaudit.extract import read_page
except ImportError:  # pragma: no cover - the benchmark of the old layout
    from clinicaudit.content import read_page  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent


def pages(sites: list[str]) -> list[tuple[str, Path]]:
    every = sorted(p.name for p in (ROOT / "tests" / "sites").iterdir() if (p / "public").is_dir())
    folders = [ROOT / "clinicaudit" / "demo_site"] + [ROOT / "tests" / "sites" / n / "public" for n in sites or every]
    out = []
    for folder in folders:
        for path in sorted(folder.rglob("*.html")):
            rel = path.relative_to(folder).as_posix()
            out.append((f"http://127.0.0.1:8000/{rel}", path))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sites", default="", help="fixture sites to read besides the demo (default: all)")
    args = parser.parse_args()
    parsed = []
    for url, path in pages([s for s in args.sites.split(",") if s]):
        scope = Scope(url)
        parsed.append((url, path.read_text(encoding="utf-8", errors="replace"), scope))
    best = float("inf")
    for _ in range(args.repeat):
        # each repeat reads the pages as one crawl does: URLs resolved on earlier pages are reused within it, not
        # across repeats
        if hasattr(getattr(page_module, "_resolve", None), "cache_clear"):
            page_module._resolve.cache_clear()
        trees = [Page.parse(url, html, scope=scope) for url, html, scope in parsed]
        start = time.process_time()
        for page in trees:
            evidence = read_page(page, page.url, {})
            if hasattr(evidence, "as_dict"):
                evidence.as_dict()  # what the pipeline writes to the spool
        best = min(best, time.process_time() - start)
    size = sum(len(html) for _, html, _ in parsed) / len(parsed) / 1024
    print(f"{len(parsed)} pages, {size:.0f} KB on average: extraction {best / len(parsed) * 1000:.2f} ms of CPU a page")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
