"""The production origin of a folder holding a site's static build, read from the site itself: a build's pages name
their own public address in canonical links, `og:url`, the sitemap's `<loc>`s and absolute links to their own
pages. A folder audited without `--site-url` is crawled as that origin; otherwise every absolute link of the site
would look like a link to another site, and the crawl would stop at the first page."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

from clinicaudit.urls import is_loopback, site_origin

MAX_PAGES = 60  # pages read: the home page first, then the rest in name order
# kinds of evidence, strongest first
_SOURCES = {"canonical": "canonical links", "og:url": "og:url tags", "sitemap": "the sitemap",
            "self-link": "absolute links to the site's own pages"}
_LOC = re.compile(rb"<loc>\s*(?:<!\[CDATA\[)?\s*([^<\]\s]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Detected:
    origin: str  # scheme://host[:port]/
    source: str  # how it was found, in words ("canonical links")
    votes: int


def detect_origin(folder: Path) -> Detected | None:
    """The origin most of the folder's own evidence names (each kind of evidence counted once a page), or None."""
    folder = Path(folder)
    votes: Counter[tuple[str, str]] = Counter()
    for path in islice(_pages(folder), MAX_PAGES):
        try:
            root = lxml.html.fromstring(path.read_bytes())
        except (OSError, ValueError, lxml.etree.ParserError):
            continue
        seen: set[tuple[str, str]] = set()
        for href in root.xpath("//link[contains(concat(' ', normalize-space(translate(@rel, 'CANONIL', "
                               "'canonil')), ' '), ' canonical ')]/@href"):
            _vote(seen, "canonical", href)
        for content in root.xpath("//meta[@property='og:url']/@content"):
            _vote(seen, "og:url", content)
        for href in root.xpath("//a/@href"):
            origin = _origin(href)
            parts = urlsplit(href.strip())
            # another site's home page or search (`https://maps.google.com/?q=…`) is no link to one of these pages
            if origin and parts.path.strip("/") and not parts.query and _exists(folder, parts.path):
                seen.add(("self-link", origin))
        votes.update(seen)
    sitemap = folder / "sitemap.xml"
    if sitemap.is_file():
        try:
            for loc in islice(_LOC.finditer(sitemap.read_bytes()[:5_000_000]), 500):
                origin = _origin(loc.group(1).decode("utf-8", "replace"))
                if origin:
                    votes[("sitemap", origin)] += 1
        except OSError:
            pass
    if not votes:
        return None
    by_origin: Counter[str] = Counter()
    for (_, origin), n in votes.items():
        by_origin[origin] += n
    best, total = max(by_origin.items(), key=lambda kv: (kv[1], kv[0]))
    kind = next(k for k in _SOURCES if (k, best) in votes)  # the strongest kind of evidence that names it
    return Detected(origin=best, source=_SOURCES[kind], votes=total)


def _pages(folder: Path):
    home = folder / "index.html"
    if home.is_file():
        yield home
    for path in sorted(folder.rglob("*.html")):
        if path != home and not any(part.startswith(".") for part in path.relative_to(folder).parts):
            yield path


def _vote(seen: set[tuple[str, str]], kind: str, value: str) -> None:
    origin = _origin(value)
    if origin:
        seen.add((kind, origin))


def _origin(url: str) -> str | None:
    """The public origin a URL names; None for one on this machine or not http(s)."""
    return None if is_loopback(url or "") else site_origin((url or "").strip())


def _exists(folder: Path, path: str) -> bool:
    """Whether a URL path names a page of the folder (`/about`, `/about/`, `/about.html`)."""
    rel = unquote(path or "/").lstrip("/")
    if ".." in rel.split("/"):
        return False
    base = folder / rel
    candidates = [base / "index.html"] if not rel or rel.endswith("/") else [base, base.with_name(base.name + ".html"),
                                                                           base / "index.html"]
    return any(c.is_file() for c in candidates)
