"""Areas of image maps have alternative text.

Flags a clickable `<area href>` of an image map with no accessible name: no non-empty `alt`, no `aria-label`, no
`aria-labelledby` that resolves, no `title`. Same meaning as axe-core's `area-alt` (WCAG 1.1.1, 2.4.4, 4.1.2): each
area is a link, and a link with no name is announced as "link" or by its URL. Areas without `href` are not links
and are not checked.

Fail: `<map><area href="/physiotherapy" alt=""></map>`. Pass: `<area href="/physiotherapy" alt="Physiotherapy">`.
"""

from __future__ import annotations

from typing import Iterator

from audits._common import accessible_name, out_of_reach
from audits.context import PageContext
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="area-alt",
    category="images",
    severity="error",
    title="Areas of image maps have alternative text",
    help="Give every <area href> an alt text that says where the link goes.",
    help_url="https://dequeuniversity.com/rules/axe/4.10/area-alt",
)


def check(ctx: PageContext) -> Iterator[Finding]:
    for el in ctx.root.iter("area"):
        href = el.get("href")
        if href is None or out_of_reach(el):
            continue
        if not accessible_name(el):
            yield ctx.finding(META, el, f"The image-map area linking to {href.strip()[:100]!r} has no alt text or "
                                        "other accessible name", href=href)
