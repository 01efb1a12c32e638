"""The crawl as a graph, for the site rules about links and canonicals: every URL's outcome, redirect hops
followed to the end, and the internal links of the pages.

Each redirect hop is its own summary (`status` 3xx, `redirect_to`); `Crawl.walk(url)` follows them. The crawler
records a hop that would revisit a URL with error `redirect-loop`, one past the redirect limit with
`too-many-redirects`, one leaving the site with `redirect-off-origin`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator
from urllib.parse import urlsplit

from clinicaudit.urls import url_key

# Errors that mean the link does not work for a visitor either. Not here: robots-disallowed (the crawler was not
# allowed to look), cancelled, too-large (the page exists), the redirect errors (`Walk.stop`).
BROKEN_ERRORS = frozenset({"timeout", "dns", "connection-refused", "connection", "connection-lost", "error"})
LOOP_ERRORS = frozenset({"redirect-loop", "too-many-redirects"})
_WORDS = {"timeout": "timed out", "dns": "could not be reached (the host name does not resolve)",
          "connection-refused": "could not be reached (connection refused)",
          "connection": "could not be reached (the connection failed)", "connection-lost":
          "lost the connection", "robots-disallowed": "is blocked by robots.txt", "too-large": "was too large to fetch"}


def _path(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


@dataclass
class Walk:
    """Where a URL leads: the redirect records passed (`hops`), the record reached (`end`; None when the URL or a
    hop's target was not crawled, or the chain stopped), and the error that stopped the chain (`stop`)."""

    hops: list[dict[str, Any]] = field(default_factory=list)
    end: dict[str, Any] | None = None
    stop: str | None = None

    @property
    def loops(self) -> bool:
        return self.stop in LOOP_ERRORS

    @property
    def broken(self) -> bool:
        return self.end is not None and ((self.end["status"] or 0) >= 400 or self.end["error"] in BROKEN_ERRORS)

    def chain(self) -> str:
        """`/a (301) → /b (302) → /c (200)`, ending `→ /a` for a loop, `→ …` past the redirect limit; paths
        for URLs on the first URL's host."""
        host = urlsplit(self.hops[0]["url"] if self.hops else (self.end or {}).get("url", "")).netloc
        steps = self.hops + ([self.end] if self.end else [])
        show = [(_path(s["url"]) if urlsplit(s["url"]).netloc == host else s["url"]) for s in steps]
        text = " → ".join(f"{u} ({s['status'] or s['error']})" for u, s in zip(show, steps))
        if self.stop == "redirect-loop":
            text += f" → {_path(self.hops[-1]['redirect_to'])}"
        return text + (" → …" if self.stop == "too-many-redirects" else "")


def outcome(node: dict[str, Any]) -> str:
    """What a URL did, for a message: `answered 404`, `timed out`, `is blocked by robots.txt`."""
    if node["error"]:
        return _WORDS.get(node["error"], f"failed ({node['error']})")
    return f"answered {node['status']}"


class Crawl:
    """Every URL's summary without its links (call `site.pages()` again for those), looked up by URL."""

    def __init__(self, summaries: Iterable[dict[str, Any]]) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.by_key: dict[bytes, dict[str, Any]] = {}
        self.by_path: dict[str, dict[str, Any]] = {}
        for s in summaries:
            node = {k: s.get(k) for k in ("url", "status", "error", "redirect_to", "is_html", "noindex",
                                          "discovered_via")}
            self.nodes[s["url"]] = node
            self.by_key.setdefault(url_key(s["url"]), node)
            self.by_path.setdefault(_path(s["url"]), node)
        self._walks: dict[str, Walk] = {}

    def get(self, url: str, loose: bool = False) -> dict[str, Any] | None:
        """The record of `url` (www./bare host and query order aside). `loose`: also by path alone, for a
        redirect's target, which the summary gives on the crawled origin rather than the public one."""
        node = self.nodes.get(url) or self.by_key.get(url_key(url))
        return node if node is not None or not loose else self.by_path.get(_path(url))

    def walk(self, url: str) -> Walk:
        if url not in self._walks:
            walk, seen, node = Walk(), set(), self.get(url)
            while node is not None and node["redirect_to"]:
                if node["url"] in seen:  # a loop the crawler did not mark (it marks the hop that closes it)
                    walk.stop = "redirect-loop"
                    break
                seen.add(node["url"])
                walk.hops.append(node)
                walk.stop = node["error"]
                if walk.stop:
                    break
                node = self.get(node["redirect_to"], loose=True)
            walk.end = None if walk.stop else node
            self._walks[url] = walk
        return self._walks[url]


def internal_links(summaries: Iterable[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(page, link) for every internal link element of every HTML page that answered 2xx (an error page's
    template links are the site's menus again, and a finding there would point at a URL that does not exist)."""
    for page in summaries:
        if page["is_html"] and page["status"] is not None and 200 <= page["status"] < 300:
            for link in page["links"]:
                yield page, link
