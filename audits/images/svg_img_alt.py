"""SVG images have alternative text.

Flags an inline `<svg>` (or a shape inside one) given an image role (`role="img"`, `"graphics-document"`,
`"graphics-symbol"`) that has no accessible name: no `aria-labelledby` that resolves, no `aria-label`, no `title`
attribute, no non-empty `<title>` as its direct child. Same meaning as axe-core's `svg-img-alt` (WCAG 1.1.1): the
role says "this is a picture", and a picture with no name says nothing. A `<desc>`, a `<text>`, or a `<title>` nested
deeper (in a shape, in `<metadata>`) does not name it. Hidden SVGs (`aria-hidden="true"`, the usual way to mark an
icon decorative) are not checked.

Fail: `<svg role="img"><path d="…"/></svg>`. Pass: `<svg role="img"><title>Clinic logo</title>…</svg>`,
`<svg role="img" aria-label="Clinic logo">`, `<svg aria-hidden="true">` (decorative).
"""

from __future__ import annotations

from typing import Iterator

from audits._aria import explicit_role
from audits._common import accessible_name, out_of_reach
from audits.context import PageContext
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="svg-img-alt",
    category="images",
    severity="error",
    title="SVG images have alternative text",
    help="Put a <title> as the first child of the <svg role=\"img\"> (or an aria-label) saying what it shows; mark a "
         "decorative SVG aria-hidden=\"true\" instead.",
    help_url="https://dequeuniversity.com/rules/axe/4.10/svg-img-alt",
)
IMAGE_ROLES = ("img", "graphics-document", "graphics-symbol")


def check(ctx: PageContext) -> Iterator[Finding]:
    for el in ctx.root.xpath("//svg[@role] | //svg//*[@role]"):
        if explicit_role(el) not in IMAGE_ROLES:
            continue
        if out_of_reach(el):
            continue
        if not accessible_name(el):
            yield ctx.finding(META, el, f"This <{el.tag} role=\"{el.get('role').strip()}\"> has no accessible name: "
                                        "no <title> child, aria-label, aria-labelledby or title")
