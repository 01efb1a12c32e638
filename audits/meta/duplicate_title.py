"""Each page should have its own title.

Site rule: flags the `<title>` of every indexable HTML page (status 200, not noindex) whose text is the same
(case and spacing aside) as another such page's. Each page of the group gets a finding naming the others.

Fail: `/conditions` and `/contact` both titled "Contact Us | Clinic". Pass: distinct titles.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterator

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
    groups: dict[str, list[dict]] = defaultdict(list)
    for page in site.pages():
        title = page["title"]
        if page["status"] == 200 and page["is_html"] and not page["noindex"] and title and title["text"].strip():
            groups[re.sub(r"\s+", " ", title["text"]).strip().lower()].append(
                {"url": page["url"], "title": title})
    for members in groups.values():
        if len(members) < 2:
            continue
        urls = [m["url"] for m in members]
        for m in members:
            others = [u for u in urls if u != m["url"]]
            yield site.finding(META, m["url"], m["title"]["selector"], m["title"]["snippet"],
                               f"The title {m['title']['text']!r} is also the title of {', '.join(others[:3])}"
                               + (f" and {len(others) - 3} more" if len(others) > 3 else ""),
                               title=m["title"]["text"], duplicates=others)
