"""Shared heading checks of the headings rules: which elements are headings, at which level, seen by whom.

A heading is an `h1`–`h6` or any element with `role="heading"`. Its level is the one a screen reader announces
(as `clinicaudit.record.heading_level`): a valid `aria-level` (an integer from 1) overrides the tag, and
`role="heading"` without one is level 2. An explicit other role on `h1`–`h6` (`role="presentation"`, `"none"`,
`"tab"`…) takes the heading semantics away, as in axe-core's `heading-matches`. A heading counts only when
assistive technology sees it: not hidden by `hidden`, `aria-hidden="true"` or an inline `display:none` /
`visibility:hidden` on it or an ancestor, and not inside `<noscript>` or `<template>` (never rendered in a browser
that runs scripts).
"""

from __future__ import annotations


import lxml.etree
from lxml.html import HtmlElement

from audits._common import accessible_name
from audits.context import PageContext
from clinicaudit.page import is_hidden
from clinicaudit.dom import HEADING_TAGS

candidates = lxml.etree.XPath("//h1 | //h2 | //h3 | //h4 | //h5 | //h6 | //*[@role]")  # in document order


def level(el: HtmlElement) -> int | None:
    """The heading level announced for `el`; None when it is no heading."""
    role = (el.get("role") or "").strip().lower().split()
    if (role and role[0] != "heading") or (not role and el.tag not in HEADING_TAGS):
        return None
    aria = (el.get("aria-level") or "").strip()
    if aria.isdigit() and int(aria) >= 1:
        return int(aria)
    return int(el.tag[1]) if el.tag in HEADING_TAGS else 2  # WAI-ARIA: role=heading defaults to level 2


def visible(el: HtmlElement) -> bool:
    return not is_hidden(el) and next(el.iterancestors("noscript", "template"), None) is None


def headings(ctx: PageContext) -> list[tuple[HtmlElement, int]]:
    """The visible headings of the page in document order, with their levels (computed once per page)."""
    return ctx.memo("headings", lambda: [(el, lvl) for el in candidates(ctx.root)
                                         if (lvl := level(el)) is not None and visible(el)])


def name(el: HtmlElement) -> str:
    """The heading's accessible name: aria-labelledby, aria-label, its content (text and the alt of images,
    hidden parts left out), title."""
    return accessible_name(el)


def quote(el: HtmlElement, limit: int = 70) -> str:
    """The heading's text for a message: quoted, shortened, or (empty)."""
    text = name(el)
    if not text:
        return "(empty)"
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def label(lvl: int, el: HtmlElement) -> str:
    """How a message names a heading: "h2", "h1 with aria-level 2", "level-2 heading" (role="heading")."""
    if el.tag not in HEADING_TAGS:
        return f"level-{lvl} heading"
    return el.tag if el.tag == f"h{lvl}" else f"{el.tag} with aria-level {lvl}"
