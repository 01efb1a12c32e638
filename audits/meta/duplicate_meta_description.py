"""Each page should have its own meta description.

Site rule: flags the `<meta name="description">` of every indexable HTML page (status 200, not noindex) whose
description is the same (case and spacing aside) as another such page's. Each page of the group gets a finding
naming the others. A description copied from page to page (a template default, a cloned page) tells searchers
nothing about the page they are about to open. Like `duplicate-title`; missing and empty descriptions are
`meta-description`, and 404 or noindex pages never count.

Fail: `/massage` and `/physio` both described "Your local clinic for pain relief.". Pass: distinct descriptions.

Data: `description` (the shared text), `duplicates` (the other pages, at most 20 of them) and `duplicate_count`
(how many other pages share it).
"""

from __future__ import annotations

from typing import Iterator

from audits._common import indexable, same_text_on_several_pages, url_list
from audits.context import SiteContext
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="duplicate-meta-description",
    category="meta",
    severity="notice",
    title="Pages have distinct meta descriptions",
    help="Write a description for each page that sums up that page; search results often show it under the title.",
    scope="site",
)


def check_site(site: SiteContext) -> Iterator[Finding]:
    entries = ((p["url"], p["meta_description"]["text"], p["meta_description"]) for p in site.pages()
               if indexable(p) and p["meta_description"])
    for url, meta, others, count in same_text_on_several_pages(entries):
        yield site.finding(META, url, meta["selector"], meta["snippet"],
                           f"The meta description {meta['text'][:80]!r} is also used on {url_list(others, count)}",
                           description=meta["text"], duplicates=others, duplicate_count=count)
