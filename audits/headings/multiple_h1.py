"""A page has one level-one heading.

Flags the second and every later visible level-one heading of a page (`h1`, or `aria-level="1"` on an `h1`–`h6` or
a `role="heading"` element), naming the first. One h1 tells screen-reader users and search engines what the page
is about; a second h1 (often a section title styled big, or a theme's logo wrapped in an h1) competes with it and
flattens the outline. This is an SEO and structure notice, not a WCAG failure: HTML allows several h1s, but the
HTML "outline algorithm" that would have demoted h1s inside `<section>` was never implemented by browsers or screen
readers, so every h1 is announced as level 1. Screaming Frog ("H1: Multiple") and Sitebulb report the same.

Headings hidden from assistive technology (`hidden`, `aria-hidden="true"`, inline `display:none`, on the heading or
an ancestor, e.g. the mobile menu's copy of the logo), headings in `<noscript>` / `<template>`, `<h1 aria-level="2">`
and `<h1 role="presentation">` are not level-one headings and are not counted.

Fail: `<h1>About Us</h1> … <h1>Meet Our Team</h1>` (the second is flagged).
Pass: `<h1>About Us</h1> … <h2>Meet Our Team</h2>`; `<h1>About Us</h1> <nav aria-hidden="true"><h1>Clinic</h1></nav>`.
"""

from __future__ import annotations

from typing import Iterator

from audits.context import PageContext
from audits.headings._levels import headings, label, name, quote
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="multiple-h1",
    category="headings",
    severity="notice",
    title="The page has a single h1",
    help="Keep one h1 for the page's main topic and turn the other level-one headings into h2s (or lower).",
)


def check(ctx: PageContext) -> Iterator[Finding]:
    ones = [el for el, lvl in headings(ctx) if lvl == 1]
    for n, el in enumerate(ones[1:], start=2):
        yield ctx.finding(META, el, f"The {label(1, el)} {quote(el)} is level-one heading {n} of {len(ones)} on "
                                    f"the page; the first is the {label(1, ones[0])} {quote(ones[0])}",
                          first=name(ones[0]), count=len(ones))
