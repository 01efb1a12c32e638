"""The site has an endless URL space (a crawl trap).

Site rule: reports each URL pattern the crawl stopped following because it kept producing URLs of the same shape
as the crawl went deeper — numbers folded, query values dropped: `/calendar?month=N`, `/events/N/N/N`, `/?sid=…` —
past `crawl.max_per_pattern` URLs (default 50). A trap is judged by behaviour, not by count: the cap holds only for
a shape met again deeper than where it was first met (each "next month" is one link further). URLs of one shape
listed side by side on one page (a blog archive, a list of 700 condition pages) or in a sitemap are a finite list
the site published, all met at one depth, and are crawled up to `crawl.max_pages`. Such spaces come from calendar
plugins ("next month" forever), session ids or tracking parameters in links, and faceted filters; search engines
waste their crawl budget on them and may index near-duplicates. The finding sits on the page that linked to the
first URL that was cut.

Fix: add `rel="nofollow"` to endless "next" links, disallow the pattern in robots.txt, drop session ids from
URLs, or canonicalise filter pages. Pass: a site whose URLs of one shape stay under the limit.
"""

from __future__ import annotations

from typing import Iterator

from audits.context import SiteContext
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="crawl-trap",
    category="links",
    severity="warning",
    title="The site has no endless URL spaces",
    help="Stop links from generating endless URLs: nofollow the 'next' links of calendars, disallow the pattern in "
         "robots.txt, and keep session ids and tracking parameters out of internal links.",
    scope="site",
)


def check_site(site: SiteContext) -> Iterator[Finding]:
    for trap in site.traps:
        where = trap["referrer"] or site.home_url
        yield site.finding(META, where, "html", "",
                           f"The URL pattern {trap['pattern']!r} goes on and on: the crawl stopped following it "
                           f"after its limit and left out {trap['skipped']} more URLs (e.g. {trap['example']})",
                           pattern=trap["pattern"], skipped=trap["skipped"], example=trap["example"])
