"""Internal links do not go through chains of redirects or redirect loops.

Site rule: flags every internal link element on a page that answered 2xx whose target needs two or more redirect
hops to reach a page (`/services/dry-needling` → `/ims` → `/dryneedling`), or whose redirects never end: a loop
(the crawl's `redirect-loop`) or more hops than the crawler follows (`too-many-redirects`, an error of the loop
kind). Every hop costs the visitor a round trip, and search engines stop following after a few (Google: 10). The
message lists the hops, so the link can point straight at the final URL. A chain that ends in a 4xx/5xx is
reported by `broken-link` instead; a single hop by `redirected-link`.

Fail: `<a href="/services/dry-needling">` with `/services/dry-needling` (301) → `/ims` (301) → `/dryneedling`
(200); `<a href="/a">` with `/a` → `/b` → `/a`. Pass: a link to `/ims` (one hop), a link to `/dryneedling`.
"""

from __future__ import annotations

from typing import Iterator

from audits.context import SiteContext
from audits.links._graph import Crawl, internal_links
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="redirect-chain", category="links", severity="warning", title="Internal links avoid redirect chains",
    help="Change the link to the final URL, and make old URLs redirect straight to it in one hop.",
    scope="site",
)


def check_site(site: SiteContext) -> Iterator[Finding]:
    crawl = Crawl(site.pages())
    for page, link in internal_links(site.pages()):
        walk = crawl.walk(link["href"])
        if walk.loops:
            what = (f"never reaches a page, its redirects loop: {walk.chain()}" if walk.stop == "redirect-loop" else
                    f"goes through more redirects than the crawler follows: {walk.chain()}")
        elif len(walk.hops) >= 2 and not walk.broken:
            what = f"goes through {len(walk.hops)} redirects: {walk.chain()}"
        else:
            continue
        yield site.finding(META, page["url"], link["selector"], link["snippet"], f"The link to {link['href']} {what}",
                           target=link["href"], hops=[h["url"] for h in walk.hops],
                           final_url=walk.end["url"] if walk.end else None, loop=walk.loops)
