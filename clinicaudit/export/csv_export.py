"""`csv`: services.csv, conditions.csv, service_conditions.csv and pages.csv, for spreadsheets and import tools.

UTF-8 without a BOM, a header row, RFC 4180 quoting by the csv module (QUOTE_MINIMAL, CRLF line ends), so commas,
quotes and line breaks inside a cell survive a round trip. `null` is an empty cell. A list of texts is one cell, its
items joined with " | "; a list of objects (sections, images) is one cell of compact JSON. Booleans are `true` /
`false`.

Site content is untrusted: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a
leading apostrophe, so that a spreadsheet shows it as text instead of running it as a formula (CSV injection). So
that this stays reversible, a cell that starts with an apostrophe gets one more: to read a cell back, drop one
leading `'`.

pages.csv lists every URL of pages.jsonl except robots.txt and sitemap files (the CMS's own files), sorted by URL:

- `url`: the public URL; `status`: the HTTP status (empty when no answer came; `error` then says why);
- `redirect_target`: for a redirect, the public URL its chain of `redirect_to` hops finally leads to;
- `canonical`, `title`, `meta_description`: as the page declares them; `h1`: the level-1 headings (" | ");
- `word_count`; `inlinks`: how many internal links (`a[href]`, `area[href]`) on the site's HTML pages that answered
  2xx point to this URL, a page's links to itself left out, each link counted (a menu repeated in the page counts
  twice);
- `in_sitemap`: a sitemap file of the crawl lists it; `indexable`: status 200, HTML, no `noindex` / `none` in the
  robots meta tag or X-Robots-Tag header, and a canonical that is absent or the page itself;
- `error`: the fetch error's kind (`timeout`, `dns`, ...), else empty.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from typing import Any, Iterable

from clinicaudit.export.source import Context, Source

NAME = "csv"
SEPARATOR = " | "
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")

SERVICE_COLUMNS = ("id", "name", "aliases", "url", "summary", "intro", "benefits", "sections", "conditions", "images",
                   "evidence")
CONDITION_COLUMNS = ("id", "name", "examples", "treated_by", "urls")
LINK_COLUMNS = ("service_id", "condition_id")
PAGE_COLUMNS = ("url", "status", "redirect_target", "canonical", "title", "meta_description", "h1", "word_count",
                "inlinks", "in_sitemap", "indexable", "error")
_NOINDEX = re.compile(r"(?:^|[\s,])(?:noindex|none)(?:$|[\s,])", re.IGNORECASE)


def cell(value: Any) -> str:
    """A value as a spreadsheet-safe cell."""
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = str(value)
    text = text.replace("\x00", "")
    return "'" + text if text.startswith(FORMULA_START) else text


def uncell(text: str) -> str:
    """A cell as read back: the apostrophe `cell` added is dropped."""
    return text[1:] if text.startswith("'") else text


def join(values: Iterable[Any]) -> str:
    return SEPARATOR.join("" if v is None else str(v) for v in values)


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def table(columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(list(columns))
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return buffer.getvalue()


def split(text: str) -> list[str]:
    """A list cell read back (after `uncell`)."""
    return text.split(SEPARATOR) if text else []


def _check_lists(ctx: Context, kind: str, record: dict[str, Any], fields: Iterable[str]) -> None:
    for name in fields:
        values = [v for v in record.get(name) or [] if isinstance(v, str)]
        if split(join(values)) != values:
            ctx.warn(kind, record["id"], NAME, f"an item of {name} holds the list separator ' | ' (or starts or ends "
                                               "with '|'): its cell cannot be split back exactly")


def write(ctx: Context) -> None:
    services = list(ctx.valid("service", NAME))
    conditions = list(ctx.valid("condition", NAME))
    for s in services:
        _check_lists(ctx, "service", s, ("aliases", "benefits", "conditions"))
    for c in conditions:
        _check_lists(ctx, "condition", c, ("examples", "treated_by", "urls"))
    ctx.write_text("services.csv", table(SERVICE_COLUMNS, (
        [s["id"], s["name"], join(s["aliases"]), s["url"], s["summary"], s["intro"], join(s["benefits"]),
         _compact(s["sections"]), join(s["conditions"]), _compact(s["images"]), _compact(s["evidence"])]
        for s in services)))
    ctx.write_text("conditions.csv", table(CONDITION_COLUMNS, (
        [c["id"], c["name"], join(c["examples"]), join(c["treated_by"]), join(c["urls"])] for c in conditions)))
    ctx.write_text("service_conditions.csv", table(LINK_COLUMNS, links(services, conditions)))
    if ctx.source.has_pages:
        ctx.write_text("pages.csv", table(PAGE_COLUMNS, page_rows(ctx.source)))
    else:
        ctx.warn("page", "pages.jsonl", NAME, "the run folder has no pages.jsonl, so pages.csv was not written")


def links(services: list[dict[str, Any]], conditions: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Every (service, condition) pair: the services' `conditions` in order, then any pair only a condition's
    `treated_by` names (site.json keeps both directions, so normally none)."""
    pairs = [(s["id"], c) for s in services for c in s["conditions"]]
    known = set(pairs)
    service_ids = {s["id"] for s in services}
    for c in conditions:
        for sid in c["treated_by"]:
            if (sid, c["id"]) not in known and sid in service_ids:
                pairs.append((sid, c["id"]))
                known.add((sid, c["id"]))
    return pairs


def inlinks(source: Source) -> Counter[bytes]:
    counts: Counter[bytes] = Counter()
    for page in source.pages:
        html = page.get("html") or {}
        status = page.get("status")
        if not (isinstance(status, int) and 200 <= status < 300) or not html:
            continue
        own = source.key(page["url"])
        for link in html.get("links") or []:
            if not isinstance(link, dict) or not link.get("internal"):
                continue
            target = source.key(source.public(str(link.get("href") or "")))
            if target is not None and target != own and target != source.key(page["public_url"]):
                counts[target] += 1
    return counts


def in_sitemaps(source: Source) -> set[bytes]:
    listed: set[bytes] = set()
    for page in source.pages:
        for entry in page.get("sitemap_entries") or []:
            key = source.key(source.public(entry)) if isinstance(entry, str) else None
            if key is not None:
                listed.add(key)
    return listed


def indexable(source: Source, page: dict[str, Any]) -> bool:
    html = page.get("html") or {}
    if page.get("status") != 200 or not page.get("is_html") or not html:
        return False
    for directive in (html.get("meta_robots"), html.get("x_robots_tag")):
        if isinstance(directive, str) and _NOINDEX.search(directive):
            return False
    canonical = html.get("canonical")
    if not canonical:
        return True
    return source.key(source.public(canonical)) == source.key(page["public_url"])


def page_rows(source: Source) -> Iterable[list[Any]]:
    counts, listed = inlinks(source), in_sitemaps(source)
    for page in sorted((p for p in source.pages if source.is_page(p)), key=lambda p: p["public_url"]):
        html = page.get("html") or {}
        key = source.key(page["public_url"])
        target = source.follow(page)[0] if page.get("redirect_to") else None
        canonical = html.get("canonical")
        h1 = [h.get("text", "") for h in html.get("headings") or [] if isinstance(h, dict) and h.get("level") == 1]
        yield [page["public_url"], page.get("status"), target,
               source.public(canonical) if isinstance(canonical, str) and canonical else None,
               html.get("title"), html.get("meta_description"), join(h1), html.get("word_count"),
               counts.get(key, 0) if key is not None else 0, key in listed, indexable(source, page),
               (page.get("error") or {}).get("kind")]
