"""Pages the site links to can be crawled and indexed.

Site rule, Lighthouse's `is-crawlable` applied to every URL of the crawl. It flags:

- an HTML page that answered 200 and says `noindex` (`<meta name="robots" content="noindex">` or `none`, or an
  `X-Robots-Tag` header) although the site points visitors and crawlers at it: another page links to it, it is
  listed in the sitemap, or it is the start page. Search engines follow the links, then drop the page from their
  results. The finding is on the page itself (`html`), naming up to three pages that link to it;
- an internal link (directly or through redirects) to a URL that `robots.txt` disallows (the crawl's error
  `robots-disallowed`). The page cannot be crawled, so search engines index it, if at all, without its content.
  The finding is at each such link element, on the linking page.

Error pages are not checked: a 404 page's own `noindex` is right. Links are read from the pages that answered
2xx. A page that is noindex on purpose (a thank-you page) can be exempted with `[rules] is-crawlable.ignore`.

Fail: `/services` links to `/massage`, which has `<meta name="robots" content="noindex, follow">`; a footer link to
`/booking/` while `robots.txt` has `Disallow: /booking/`. Pass: a linked page without noindex; an unlinked
noindex page reached by no link, sitemap or start URL; a noindex 404 page.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from audits.context import SiteContext
from audits.links._graph import Crawl, internal_links
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="is-crawlable", category="meta", severity="error", title="Linked pages can be indexed",
    help="Remove noindex (meta robots or X-Robots-Tag) from pages that should be found in search, and the "
         "robots.txt Disallow rule that covers linked pages; or stop linking to pages that must stay hidden.",
    scope="site", help_url="https://developer.chrome.com/docs/lighthouse/seo/is-crawlable/",
)


def check_site(site: SiteContext) -> Iterator[Finding]:
    crawl = Crawl(site.pages())
    linked_from: dict[str, list[str]] = defaultdict(list)
    for page, link in internal_links(site.pages()):
        walk = crawl.walk(link["href"])
        end = walk.end
        if end is None or end["url"] == page["url"]:
            continue
        if end["error"] == "robots-disallowed":
            where = f"The link to {link['href']} redirects to {end['url']}, which" if walk.hops else \
                f"The link points to {end['url']}, which"
            yield site.finding(META, page["url"], link["selector"], link["snippet"],
                               f"{where} robots.txt does not let search engines crawl",
                               target=end["url"])
        elif page["url"] not in linked_from[end["url"]]:
            linked_from[end["url"]].append(page["url"])
    for node in crawl.nodes.values():
        if node["status"] != 200 or not node["is_html"] or not node["noindex"]:
            continue
        sources = linked_from.get(node["url"], [])
        if sources:
            more = f" and {len(sources) - 3} more" if len(sources) > 3 else ""
            why = f"linked from {', '.join(sources[:3])}{more}"
        elif node["discovered_via"] in ("start", "sitemap"):
            why = "the start page" if node["discovered_via"] == "start" else "listed in the sitemap"
        else:
            continue
        yield site.finding(META, node["url"], "html", "", f"The page is marked noindex (meta robots or X-Robots-Tag) "
                           f"but is {why}: search engines will crawl it and leave it out of their results",
                           linked_from=sources)
