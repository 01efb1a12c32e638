"""Elements with role="img" have alternative text.

Flags an element given `role="img"` (an icon font's `<span>`, a CSS background `<div>` standing for a picture) that
has no accessible name: no `aria-labelledby` that resolves, no `aria-label`, no `title`. Same meaning as axe-core's
`role-img-alt` (WCAG 1.1.1): such an element is announced as an image, and an image with no name says nothing. An
`alt` attribute does not name a `<div>`; `<img>`, `<svg>` and `<input>` have their own rules (`image-alt`,
`svg-img-alt`, `input-image-alt`). Elements hidden from assistive technology, or in `<noscript>` / `<template>`, are
not checked.

Fail: `<span class="icon-star" role="img"></span>`, `<div role="img" alt="Clinic"></div>`.
Pass: `<span class="icon-star" role="img" aria-label="5 stars"></span>`, `<div role="img" title="Our clinic">`.
"""

from __future__ import annotations

from typing import Iterator

from audits._aria import explicit_role
from audits._common import accessible_name, out_of_reach
from audits.context import PageContext
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="role-img-alt",
    category="images",
    severity="error",
    title="Elements with role=\"img\" have alternative text",
    help="Give the element an aria-label (or aria-labelledby, or title) that says what the picture shows, or remove "
         "role=\"img\" and hide it with aria-hidden=\"true\" if it is decorative.",
    help_url="https://dequeuniversity.com/rules/axe/4.10/role-img-alt",
)


def check(ctx: PageContext) -> Iterator[Finding]:
    for el in ctx.root.xpath("//*[@role]"):
        if el.tag in ("img", "svg", "input", "area", "object") or explicit_role(el) != "img":
            continue
        if out_of_reach(el):
            continue
        if not accessible_name(el):
            yield ctx.finding(META, el, f"This <{el.tag} role=\"img\"> has no accessible name (no aria-label, "
                                        "aria-labelledby or title)")
