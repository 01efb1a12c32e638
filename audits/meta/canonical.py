"""Indexable pages declare a valid canonical URL: themselves.

Site rule, Lighthouse's `canonical` adapted to a whole crawl. For each indexable HTML page (status 200, not
noindex) it flags the `<link rel="canonical">`, with one message listing every problem, when its URL is:

- not a valid http(s) URL (`href="mailto:…"`, `href="https://"`), or relative (`href="/physio"`, `//host/x`):
  Lighthouse wants an absolute URL, which no base URL or proxy can change;
- another URL than the page's own after normalisation. A trailing-slash, `www.`/bare-host or http/https variant
  of the page's URL is still another URL (search engines treat it as a separate page), and the message says it
  is only a variant; a canonical to the home page from an inner page is Lighthouse's classic mistake;
- a URL the crawl found not to be a working, indexable page: 4xx/5xx (the demo's `/physiotherapy` → `/physio`,
  404), a redirect (named with its target), a request error, or a noindex page.

A page without any canonical gets a finding at `html` with severity notice: search engines then choose the URL
themselves. 404 pages and noindex pages are not checked. Not checked, because the page summary holds only the
first canonical link: several conflicting canonicals, a canonical in the `Link` header, and Lighthouse's
cross-`hreflang` check.

Fail: on `/physiotherapy`, `<link rel="canonical" href="https://clinic.example/physio">` (404).
Pass: on `/physiotherapy`, `<link rel="canonical" href="https://clinic.example/physiotherapy">`.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterator
from urllib.parse import urlsplit

from audits.context import SiteContext
from audits.links._graph import Crawl, outcome
from audits.rule import Finding, RuleMeta
from clinicaudit.urls import fold_host

META = RuleMeta(
    id="canonical", category="meta", severity="warning", title="Pages have a valid canonical URL",
    help="Give each page <link rel=\"canonical\" href=\"...\"> with its own absolute URL, exactly as it is "
         "served (scheme, host, trailing slash), and make sure that URL answers 200.",
    scope="site", help_url="https://developer.chrome.com/docs/lighthouse/seo/canonical/",
)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _variant(url: str, page: str) -> list[str]:
    """How `url` differs from `page` when only by scheme, www. or a trailing slash (else [])."""
    a, b = urlsplit(url), urlsplit(page)
    if (fold_host(a.netloc), a.path.rstrip("/"), a.query) != (fold_host(b.netloc), b.path.rstrip("/"), b.query):
        return []
    return [what for what, differs in (("scheme", a.scheme != b.scheme), ("www. host", a.netloc != b.netloc),
                                       ("trailing slash", a.path != b.path)) if differs]


def problems(page: dict, crawl: Crawl) -> list[str]:
    url, found = page["canonical"], _HREF.search(page["canonical_snippet"] or "")
    raw = next((g for g in found.groups() if g is not None), "").strip() if found else (url or "")
    try:
        parts, written = urlsplit(url or ""), urlsplit(raw)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return [f"{raw!r} is not a valid http(s) URL"]
    if (parts.scheme not in ("http", "https") or not parts.hostname
            or (written.scheme.lower() in ("http", "https") and not written.hostname)):  # `https://`, `http:/x`
        return [f"{raw!r} is not a valid http(s) URL" if raw else "has an empty href"]
    out = [] if _SCHEME.match(raw) else [f"{raw!r} is not an absolute URL"]
    if url == page["url"]:
        return out
    variant = _variant(url, page["url"])
    if variant:
        target = f"names {url}, which differs from this page's URL only in the {' and '.join(variant)}: that is " \
                 "still another URL"
    elif parts.path in ("", "/") and urlsplit(page["url"]).path not in ("", "/"):
        target = f"points to the home page {url} instead of to this page"
    else:
        target = f"points to another page, {url}"
    walk = crawl.walk(url)
    if walk.hops:
        end = walk.end["url"] if walk.end else walk.hops[-1]["redirect_to"]
        target += f", which redirects ({walk.hops[0]['status']}) to {end}"
    elif walk.end is not None and (walk.end["status"] != 200 or walk.end["error"]):
        target += f", which {outcome(walk.end)}"
    elif walk.end is not None and walk.end["noindex"]:
        target += ", which is marked noindex"
    return out + [target]


def check_site(site: SiteContext) -> Iterator[Finding]:
    crawl = Crawl(site.pages())
    for page in site.pages():
        if page["status"] != 200 or not page["is_html"] or page["noindex"]:
            continue
        if not page["canonical_selector"]:
            finding = site.finding(META, page["url"], "html", "", "The page declares no canonical URL "
                                   "(<link rel=\"canonical\">): search engines will choose which of its URL variants "
                                   "to show")
            yield dataclasses.replace(finding, severity="notice")
            continue
        found = problems(page, crawl)
        if found:
            yield site.finding(META, page["url"], page["canonical_selector"], page["canonical_snippet"],
                               f"The canonical link {' and '.join(found)}", canonical=page["canonical"])
