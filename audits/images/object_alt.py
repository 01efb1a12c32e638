"""Embedded objects have alternative text.

Flags an `<object>` that embeds something (`data` is set) and has no accessible name: no `aria-labelledby` that
resolves, no `aria-label`, no `title`. Same meaning as axe-core's `object-alt` (WCAG 1.1.1): the fallback content
inside the `<object>` is shown only when the object cannot load, so it does not name it. `role="presentation"` /
`"none"` marks an object decorative, unless it is focusable or has a global ARIA attribute (WAI-ARIA voids the role
then); an object given a role that needs no name, and not focusable, is out of scope. Hidden objects are not checked.

Fail: `<object data="/tour.pdf"></object>`, `<object data="/map.html">Our map</object>`.
Pass: `<object data="/tour.pdf" title="Virtual tour of the clinic"></object>`.
"""

from __future__ import annotations

from typing import Iterator

from audits._aria import explicit_role, is_focusable, is_presentational, needs_name
from audits._common import accessible_name, out_of_reach
from audits.context import PageContext
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="object-alt",
    category="images",
    severity="error",
    title="Embedded objects have alternative text",
    help="Give the <object> a title or aria-label that says what it shows.",
    help_url="https://dequeuniversity.com/rules/axe/4.10/object-alt",
)


def check(ctx: PageContext) -> Iterator[Finding]:
    for el in ctx.root.iter("object"):
        data = (el.get("data") or "").strip()
        if not data or is_presentational(el):
            continue
        if explicit_role(el) not in (None, "none", "presentation") and not needs_name(el) and not is_focusable(el):
            continue
        if out_of_reach(el):
            continue
        if not accessible_name(el):
            yield ctx.finding(META, el, f"The embedded object {data[:100]!r} has no accessible name (no title, "
                                        "aria-label or aria-labelledby)")
