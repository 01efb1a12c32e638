"""Internal links lead to a working page.

Site rule: flags every internal link element (`<a href>`, `<area href>`) on a page that answered 2xx whose target
answered 4xx/5xx or could not be fetched (timeout, DNS failure, refused or lost connection), directly or at the
end of its redirects: a link to `/old` that redirects to `/gone`, a 404, is broken. One finding per link element,
on the linking page, naming the target and what it answered, so a menu link repeated in the hidden mobile menu
is two findings. The fix is in the link, so the 404 page itself is not reported (see `http-status-code`).

Not broken here: a URL that robots.txt kept the crawler from fetching (`is-crawlable`), a redirect loop
(`redirect-chain`), a URL the crawl did not reach (page or depth limit). External links are not fetched.

Fail: `<a href="https://clinic.example/hip-pain">hip pain</a>` where `/hip-pain` answers 404. Pass: a link to a
page that answers 200, or to `/ims` that redirects (301) to a 200 page.
"""

from __future__ import annotations

from typing import Iterator

from audits.context import SiteContext
from audits.links._graph import Crawl, internal_links, outcome
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="broken-link", category="links", severity="error", title="Internal links work",
    help="Point the link at the page's current URL, restore the missing page, or redirect its old URL (301) to the "
         "page that replaced it.",
    scope="site",
)


def check_site(site: SiteContext) -> Iterator[Finding]:
    crawl = Crawl(site.pages())
    for page, link in internal_links(site.pages()):
        walk = crawl.walk(link["href"])
        if not walk.broken or walk.loops:
            continue
        end = walk.end
        assert end is not None
        how = f"redirects to {end['url']}, which {outcome(end)} ({walk.chain()})" if walk.hops else outcome(end)
        yield site.finding(META, page["url"], link["selector"], link["snippet"],
                           f"The link to {link['href']} is broken: it {how}",
                           target=link["href"], final_url=end["url"], status=end["status"], error=end["error"])
