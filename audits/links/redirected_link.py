"""Internal links point at the final URL, not at a redirect.

Site rule: flags every internal link element on a page that answered 2xx whose target redirects once before
reaching a page: a stale link to an old URL (`/ims` → `/dryneedling`), a missing trailing slash (`/team` →
`/team/`). A notice: the link works, but each redirect costs a round trip, and SEO tools (Screaming Frog,
Ahrefs, Semrush) report internal links to redirects. Two or more hops are `redirect-chain`; a redirect to a
4xx/5xx page is `broken-link`.

Fail: `<a href="https://clinic.example/ims">` where `/ims` answers 301 → `/dryneedling` (200).
Pass: `<a href="https://clinic.example/dryneedling">`.
"""

from __future__ import annotations

from typing import Iterator

from audits.context import SiteContext
from audits.links._graph import Crawl, internal_links
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="redirected-link", category="links", severity="notice", title="Internal links avoid redirects",
    help="Change the link to the URL it redirects to.",
    scope="site",
)


def check_site(site: SiteContext) -> Iterator[Finding]:
    crawl = Crawl(site.pages())
    for page, link in internal_links(site.pages()):
        walk = crawl.walk(link["href"])
        if len(walk.hops) != 1 or walk.loops or walk.broken:
            continue
        hop = walk.hops[0]
        target = walk.end["url"] if walk.end else hop["redirect_to"]
        yield site.finding(META, page["url"], link["selector"], link["snippet"],
                           f"The link to {link['href']} redirects ({hop['status']}) to {target}: link to "
                           f"{target} directly", target=link["href"], final_url=target, status=hop["status"])
