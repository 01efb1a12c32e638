"""Each page should have its own title.

Site rule: flags the `<title>` of every indexable HTML page (status 200, not noindex) whose text is the same
(case and spacing aside) as another such page's. Each page of the group gets a finding naming the others.

Fail: `/conditions` and `/contact` both titled "Contact Us | Clinic". Pass: distinct titles.

Data: `title` (the shared text), `duplicates` (the other pages, at most 20 of them) and `duplicate_count`
(how many other pages share it).
"""

from __future__ import annotations

from typing import Iterator

from audits._common import indexable, same_text_on_several_pages, url_list
from audits.context import SiteContext
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="duplicate-title",
    category="meta",
    severity="warning",
    title="Pages have distinct titles",
    help="Write a title for each page that says what that page is about; search results show it as the link.",
    scope="site",
)


def check_site(site: SiteContext) -> Iterator[Finding]:
    entries = ((p["url"], p["title"]["text"], p["title"]) for p in site.pages() if indexable(p) and p["title"])
    for url, title, others, count in same_text_on_several_pages(entries):
        yield site.finding(META, url, title["selector"], title["snippet"],
                           f"The title {title['text']!r} is also the title of {url_list(others, count)}",
                           title=title["text"], duplicates=others, duplicate_count=count)
