"""`redirects`: `redirects.csv`, the redirect map of a move to a new site: where each old URL should go.

Columns `old_url`, `status`, `suggested_new_path`, `final_target`, `final_status`; one row per old URL, sorted by
`old_url`; the same cell rules as the `csv` format (UTF-8, header, quoting, `'` before a formula-like cell):

- every old URL that answered 200 and is indexable (see `csv`'s `indexable`), and every service page even when it
  is not (the service moves with the export): `status` 200, `final_target` and `final_status` empty;
- every redirect of the old site (a URL that answered 3xx), its chain collapsed: `final_target` is the public URL
  the chain finally leads to (empty for a loop), `final_status` that URL's status (empty when it was not fetched:
  off the site);
- `suggested_new_path`: `/<id>` when the page (or the redirect's final target) is a service's page — the slug the
  `markdown` and `wxr` exports give it —, else the old path (with its query), or for a redirect the final target's
  path; empty when a redirect leads off the site or loops.

robots.txt and sitemap files are left out: a new site writes its own."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from clinicaudit.export.csv_export import indexable, table
from clinicaudit.export.source import Context, Source

NAME = "redirects"
FILE = "redirects.csv"
COLUMNS = ("old_url", "status", "suggested_new_path", "final_target", "final_status")


def _path(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _new_path(source: Source, url: str, services: dict[bytes, str]) -> str:
    sid = services.get(source.key(url) or b"")
    return f"/{sid}" if sid else _path(url)


def rows(ctx: Context) -> list[list[Any]]:
    source = ctx.source
    services = {source.key(s["url"]): s["id"] for s in ctx.valid("service", NAME)}
    services = {k: v for k, v in services.items() if k is not None}
    out: list[list[Any]] = []
    for page in source.pages:
        if not source.is_page(page):
            continue
        url, status = page["public_url"], page.get("status")
        key = source.key(url)
        if page.get("redirect_to"):
            target, final_status, why = source.follow(page)
            if why == "loop" or target is None:
                ctx.warn("page", url, NAME, "the redirect chain loops: no final target")
                out.append([url, status, "", "", ""])
                continue
            on_site = source.page(target) is not None
            out.append([url, status, _new_path(source, target, services) if on_site else "", target,
                        final_status if on_site else None])
        elif status == 200 and (indexable(source, page) or key in services):
            out.append([url, status, _new_path(source, url, services), None, None])
    return sorted(out, key=lambda row: row[0])


def write(ctx: Context) -> None:
    ctx.write_text(FILE, table(COLUMNS, rows(ctx)))
