"""Each page has a level-one heading.

Flags the page as a whole (selector `html`) when no level-one heading is visible to assistive technology. A
level-one heading is an `h1`, any `h1`–`h6` with `aria-level="1"`, or any element with `role="heading"
aria-level="1"`; `aria-level` overrides the tag, so `<h1 aria-level="2">` is not one, and an explicit other role
(`<h1 role="presentation">`) takes the heading away. Headings hidden with `hidden`, `aria-hidden="true"` or an
inline `display:none` on them or an ancestor (a collapsed mobile menu, say), or sitting in `<noscript>` /
`<template>`, do not count. Screen-reader users jump to the h1 to find where the main content starts, and search
engines read it as the page's topic. Same meaning as axe-core's `page-has-heading-one` (best practice): an empty h1
still counts here (`empty-heading` reports it); several h1s are `multiple-h1`'s business. While a dialog is open
(`role="dialog"` or `"alertdialog"`, `<dialog open>`), an h1 hidden only by `aria-hidden="true"` counts: modal
scripts hide the page behind the dialog that way, as axe-core allows.

Fail: a page whose top heading is `<h2>Our Services</h2>`; `<h1 hidden>Home</h1>` as the only h1.
Pass: `<h1>Physiotherapy in Old Strathcona</h1>`, `<div role="heading" aria-level="1">Physiotherapy</div>`.
"""

from __future__ import annotations

from typing import Iterator

from lxml.html import HtmlElement

from audits._aria import role
from audits._common import out_of_view
from audits.context import PageContext
from audits.headings._levels import candidates, headings, label, level, quote
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="page-has-heading-one",
    category="headings",
    severity="warning",
    title="The page has a level-one heading",
    help="Start the main content with one h1 that says what the page is about (often the page's own title).",
    help_url="https://dequeuniversity.com/rules/axe/4.10/page-has-heading-one",
)


def check(ctx: PageContext) -> Iterator[Finding]:
    found = list(headings(ctx))
    if any(lvl == 1 for _, lvl in found):
        return
    if _modal_open(ctx.root) and any(level(el) == 1 and not out_of_view(el) for el in candidates(ctx.root)):
        return  # the page behind an open dialog is aria-hidden for the while: its h1 is still the page's
    if found:
        el, lvl = min(found, key=lambda h: h[1])
        message = f"The page has no visible level-one heading; its top heading is the {label(lvl, el)} {quote(el)}"
    else:
        message = "The page has no visible heading at all, so it has no level-one heading"
    hidden = next((el for el in candidates(ctx.root) if level(el) == 1), None)
    if hidden is not None:
        message += f" (the {label(1, hidden)} {quote(hidden)} is not visible to assistive technology)"
    yield ctx.finding(META, None, message, headings=len(found))


def _modal_open(root: HtmlElement) -> bool:
    """A dialog shows (`role="dialog"` / `"alertdialog"`, or `<dialog open>`), not hidden: the page behind it is then
    aria-hidden while it is open, as axe-core allows."""
    return any((el.tag == "dialog" and el.get("open") is not None or role(el) in ("dialog", "alertdialog"))
               and not out_of_view(el) and (el.get("aria-hidden") or "").strip().lower() != "true"
               for el in root.iter("*") if isinstance(el.tag, str))

