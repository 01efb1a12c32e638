"""Pages the site lists answer with a success status.

Site rule, Lighthouse's `http-status-code` adapted to a crawl: Lighthouse fails the page it audits when that page
answers 4xx or 5xx. In a crawl, the pages audited as such are the start URL and the URLs the site's sitemap
lists: the finding (at `html`, the page as a whole) is on each of those that answered 4xx/5xx. A sitemap that
lists a missing page asks search engines to crawl an error; a start URL that fails means the site's front door is
broken.

A URL reached only through links is not reported here, even when it is a custom 404 page with HTML: its
finding is `broken-link`, on each linking page's link element, where the fix is. A network error (timeout, DNS)
has no status and is not reported here either.

Fail: `/old-services` listed in the sitemap answers 404. Pass: sitemap URLs that answer 200; a 404 reached only
by a link (that is `broken-link`).
"""

from __future__ import annotations

from typing import Iterator

from audits.context import SiteContext
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="http-status-code", category="links", severity="error", title="Listed pages answer with a success status",
    help="Restore the page, or remove its URL from the sitemap (and redirect it to its replacement with a 301).",
    scope="site", help_url="https://developer.chrome.com/docs/lighthouse/seo/http-status-code/",
)
_WHY = {"start": "the start URL", "sitemap": "listed in the sitemap"}


def check_site(site: SiteContext) -> Iterator[Finding]:
    for page in site.pages():
        if page["status"] is not None and page["status"] >= 400 and page["discovered_via"] in _WHY:
            yield site.finding(META, page["url"], "html", "", f"This URL is {_WHY[page['discovered_via']]} but "
                               f"answered {page['status']}", status=page["status"])
