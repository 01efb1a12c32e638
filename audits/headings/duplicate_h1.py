"""Each page has its own h1.

Site rule: flags the h1 of every indexable HTML page (status 200, not noindex) whose text is the same, case and
spacing aside, as an h1 of another such page; each page of the group gets a finding at its h1 naming the other
URLs. The h1 tells readers and search engines what a page is about: when a service page keeps the h1 of the page
it was cloned from ("Our Services" on every service page), the pages look like duplicates of each other. Pages that
are not 200 (404s, redirects) or are noindex are left out: they compete with nothing in search results. Empty h1s
are `empty-heading`'s business; several h1s on one page are `multiple-h1`'s (here each page counts once per text).
Peers: Screaming Frog's "H1: Duplicate", Sitebulb's "Duplicate h1".

The h1s are the summaries' `h1` list (`audits/summary.py`): `h1` elements and `role="heading" aria-level="1"`.

Fail: `/physiotherapy` and `/massage-therapy` both with `<h1>Our Services</h1>`.
Pass: `<h1>Physiotherapy</h1>` and `<h1>Massage Therapy</h1>`; the same h1 on a 404 page or a noindex print copy.

Data: `h1` (the shared text), `duplicates` (the other pages, at most 20 of them) and `duplicate_count`
(how many other pages share it).
"""

from __future__ import annotations

from typing import Iterator

from audits._common import indexable, same_text_on_several_pages, url_list
from audits.context import SiteContext
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="duplicate-h1",
    category="headings",
    severity="notice",
    title="Pages have distinct h1 headings",
    help="Give each page an h1 that names what that page, and no other, is about.",
    scope="site",
)


def check_site(site: SiteContext) -> Iterator[Finding]:
    entries = ((p["url"], h1["text"], h1) for p in site.pages() if indexable(p) for h1 in p["h1"])
    for url, h1, others, count in same_text_on_several_pages(entries):
        yield site.finding(META, url, h1["selector"], h1["snippet"],
                           f"The h1 {h1['text']!r} is also the h1 of {url_list(others, count)}",
                           h1=h1["text"], duplicates=others, duplicate_count=count)
