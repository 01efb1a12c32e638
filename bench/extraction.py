"""CPU of extraction per page: every HTML page of the demo and the fixture sites, parsed once, then read by the
per-page extraction step (`read_page`) `--repeat` times; the least time per page is printed. Parsing is not
counted (the crawl parses each page once for every step). Run from the repository root in the project's venv:
`python bench/extraction.py` (`--sites wordpress,squarespace,wix` for the set measured before the extraction
rewrite: demo + those three sites, 36 pages)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

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


# Loaded once per process in a crawl as well: the vocabularies and the compiled readers.
_PROCESS_WIDE = {"vocabulary", "_alias_cue", "_address_parser"}


def clear_caches() -> None:
    """Empty every functools cache of clinicaudit's modules, but the process-wide ones."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("clinicaudit") or module is None:
            continue
        for value in list(vars(module).values()):
            if getattr(value, "__name__", "") not in _PROCESS_WIDE and callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


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
        # each repeat reads the pages as one crawl does: what earlier pages taught the caches (resolved links,
        # scored words and items) is reused within it, not across repeats
        clear_caches()
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
