"""How each URL was reached (`depth`, `discovered_via`, `referrer`, `requested_url`, `redirects`), settled once the
crawl is over so that it does not depend on the order in which pages arrived.

During the crawl a URL is claimed by whichever page, sitemap or redirect offers it first, and that order changes with
concurrency, with the server's speed and, with `--redis`, with the workers. At the end of the run the crawl's own
graph is known: every page's links and canonical link (the summaries), every sitemap's entries and every redirect
(the page records). Each URL's discovery is then the least one over that graph, compared in this order:

1. depth (clicks from the start page, a sitemap's entries at depth 1, a redirect keeps the depth of its source);
2. how: start, list, sitemap, link (`RANK`);
3. the referrer's URL, as text (no referrer first);
4. the number of redirects passed, then the URL first requested.

The start page, `--urls` entries, robots.txt and sitemap files are the graph's sources and keep what they were
given, unless a redirect leads to them (`/sitemap.xml` → `/sitemap_index.xml`). A URL the graph does not reach (a
link the summaries do not hold) keeps what the crawl gave it. Redirects the crawl does not follow (robots.txt's, one
that ended its chain, one past `max_redirects`) are no edges.
docs/outputs.md ("How a URL was found") says this for users.
"""

from __future__ import annotations

import heapq
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from clinicaudit.output import read_jsonl, update_jsonl
from clinicaudit.urls import claim_key

# A page listed in a sitemap is depth 1 and `sitemap`, before a link at that depth: `discovered_via: sitemap` then
# says the URL is listed in a sitemap, which rules read (http-status-code, is-crawlable).
RANK = {"start": 0, "list": 1, "sitemap": 2, "link": 3, "sitemap-file": 4, "robots.txt": 5}
# A redirect the crawl does not follow: robots.txt's (it is read where it is), and one that ended the chain.
_NOT_FOLLOWED = frozenset({"redirect-loop", "too-many-redirects", "redirect-off-origin"})
VIA = {rank: via for via, rank in RANK.items()}
SOURCES = frozenset({"start", "list", "sitemap-file", "robots.txt"})
SUMMARY_FIELDS = ("depth", "discovered_via")  # what the site rules' summaries hold of it

# (depth, rank of discovered_via, referrer or "", redirects passed, requested URL)
Cost = tuple[int, int, str, int, str]


class _Graph:
    """The records' nodes (index by URL key) and their out-edges: links, sitemap entries, the redirect."""

    def __init__(self) -> None:
        self.index: dict[bytes, int] = {}
        self.url: list[str] = []
        self.public: list[str] = []
        self.status: list[int | None] = []
        self.recorded: list[tuple[Cost, list[dict[str, Any]]]] = []  # cost, the redirects passed before it
        self.source: list[bool] = []
        self.redirect: list[bytes | None] = []
        self.follows: list[bool] = []  # whether the crawl follows the record's redirect
        self.entries: list[list[bytes]] = []
        self.links: dict[int, list[int]] = {}  # a page's links and canonical link, as the records they lead to
        self.keys: dict[str, bytes] = {}  # a run's URLs repeat (menus on every page): each is keyed once

    def key(self, url: str) -> bytes:
        key = self.keys.get(url)
        if key is None:
            key = self.keys[url] = claim_key(url)
        return key

    def add(self, record: dict[str, Any], public: Callable[[str], str]) -> None:
        if not record.get("url") or not record.get("public_url"):
            return
        key = self.key(record["public_url"])
        if key in self.index:
            return
        via = record.get("discovered_via") or "link"
        self.index[key] = len(self.url)
        self.url.append(record["url"])
        self.public.append(record["public_url"])
        self.status.append(record.get("status"))
        before = list(record.get("redirects") or [])  # a redirect's own record lists itself last
        if record.get("redirect_to") and before:
            before = before[:-1]
        self.recorded.append(((record.get("depth") or 0, RANK.get(via, len(RANK)), record.get("referrer") or "",
                               len(before), record.get("requested_url") or record["url"]), before))
        self.source.append(via in SOURCES)
        self.redirect.append(self.key(public(record["redirect_to"])) if record.get("redirect_to") else None)
        self.follows.append(via != "robots.txt" and ((record.get("error") or {}).get("kind") not in _NOT_FOLLOWED))
        self.entries.append([self.key(u) for u in record.get("sitemap_entries") or []])


def settle(pages: Path, summaries: Path, public: Callable[[str], str], follow_links: bool = True,
           max_redirects: int = 10) -> dict[str, dict[str, Any]]:
    """Rewrite `pages` (pages.jsonl) with each URL's settled discovery, read from it and from `summaries` (the site
    rules' spool, left as it is). `public` maps a fetched URL to its public one. Returns what changed of the
    summaries' fields, by public URL: apply it with `settled_summaries`."""
    if not pages.is_file():
        return {}
    graph = _Graph()
    for record in read_jsonl(pages):
        graph.add(record, public)
    if follow_links and summaries.is_file():
        for summary in read_jsonl(summaries):
            i = graph.index.get(graph.key(summary.get("url") or ""))
            if i is None:
                continue
            hrefs = {link.get("href") for link in summary.get("links") or []} | {summary.get("canonical")}
            targets = {graph.index.get(graph.key(h)) for h in hrefs if h}
            graph.links[i] = sorted(j for j in targets if j is not None)
    best = _shortest(graph, max_redirects)
    changes: dict[bytes, dict[str, Any]] = {}
    for key, i in graph.index.items():
        found = best.get(i)
        if found is None or found == graph.recorded[i]:
            continue
        (depth, rank, referrer, _, requested), before = found
        own = [{"url": graph.url[i], "status": graph.status[i]}] if graph.redirect[i] is not None else []
        changes[key] = {"depth": depth, "discovered_via": VIA.get(rank, "link"), "referrer": referrer or None,
                        "requested_url": requested, "redirects": before + own}
    if changes:
        update_jsonl(pages, lambda r: changes.get(graph.key(r.get("public_url") or "")))
    return {graph.public[graph.index[key]]: {f: change[f] for f in SUMMARY_FIELDS} for key, change in changes.items()}


def settled_summaries(summaries: Iterable[dict[str, Any]], changes: dict[str, dict[str, Any]]
                      ) -> Iterator[dict[str, Any]]:
    """The site rules' summaries with what `settle` changed of them."""
    for summary in summaries:
        change = changes.get(summary.get("url") or "")
        yield {**summary, **change} if change else summary


def _shortest(graph: _Graph, max_redirects: int) -> dict[int, tuple[Cost, list[dict[str, Any]]]]:
    """Dijkstra from the sources over costs compared as tuples (a redirect adds nothing to its source's depth)."""
    best: dict[int, tuple[Cost, list[dict[str, Any]]]] = {}
    heap: list[tuple[Cost, int]] = []

    def offer(i: int, cost: Cost, chain: list[dict[str, Any]]) -> None:
        if i not in best or cost < best[i][0]:
            best[i] = (cost, chain)
            heapq.heappush(heap, (cost, i))

    for i, is_source in enumerate(graph.source):
        if is_source:
            offer(i, *graph.recorded[i])
    while heap:
        cost, i = heapq.heappop(heap)
        if best[i][0] != cost:
            continue  # superseded by a better offer
        depth, rank, referrer, hops, requested = cost
        url = graph.url[i]
        for j in graph.links.get(i, ()):
            offer(j, (depth + 1, RANK["link"], url, 0, graph.url[j]), [])
        for key in graph.entries[i]:
            j = graph.index.get(key)
            if j is not None:
                offer(j, (1, RANK["sitemap"], url, 0, graph.url[j]), [])
        target = graph.redirect[i]
        j = graph.index.get(target) if target is not None and graph.follows[i] else None
        if j is not None and hops + 1 < max_redirects:  # as the spider: a chain of max_redirects hops stops
            offer(j, (depth, rank, referrer, hops + 1, requested),
                  [*best[i][1], {"url": url, "status": graph.status[i]}])
    return best

