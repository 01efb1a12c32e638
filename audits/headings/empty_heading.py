"""Headings have text.

Flags a visible heading (`h1`–`h6`, or any element with `role="heading"`) whose accessible name is empty: no text,
no `aria-label`, no resolvable `aria-labelledby`, no image with a non-empty alt inside, no `title`. Screen readers
list headings to let users skim a page; an empty one is announced as "heading level 3" and nothing else, and it
breaks the outline. Page builders leave them behind when a heading widget is kept but its text deleted. Same
meaning as axe-core's `empty-heading`:

- text hidden inside the heading (`<span aria-hidden="true">`) does not count, nor does white space or `&nbsp;`;
- an image inside names the heading by its alt (`alt=""` marks it decorative: no name);
- headings hidden from assistive technology (`hidden`, `aria-hidden="true"`, inline `display:none` on it or an
  ancestor, or in `<noscript>` / `<template>`) are not checked, and `role="presentation"` / `role="none"` makes an
  `h1`–`h6` no heading at all.

Fail: `<h3 class="elementor-heading-title"></h3>`, `<h2><span aria-hidden="true">★</span></h2>`,
`<h2><img src="logo.png" alt=""></h2>`. Pass: `<h2>Our Services</h2>`, `<h2 aria-label="Our Services"></h2>`,
`<h1><img src="logo.png" alt="Strathcona Physical Therapy"></h1>`, `<h2 hidden></h2>`.
"""

from __future__ import annotations

from typing import Iterator

import lxml.etree

from audits.context import PageContext
from audits.headings._levels import headings, label, name
from audits.rule import Finding, RuleMeta
from clinicaudit.page import NON_TEXT_TAGS, collapse, is_hidden

# A dozen non-blank text nodes after the heading at most, to name it in the message.
_FOLLOWING_TEXT = lxml.etree.XPath(
    "following::text()[normalize-space()][not(parent::script or parent::style)][position() <= 12]")

META = RuleMeta(
    id="empty-heading",
    category="headings",
    severity="warning",
    title="Headings are not empty",
    help="Give the heading a text that names its section, or remove the empty heading element.",
    help_url="https://dequeuniversity.com/rules/axe/4.10/empty-heading",
)


def check(ctx: PageContext) -> Iterator[Finding]:
    for el, lvl in headings(ctx):
        if name(el):
            continue
        after = _text_after(el)
        where = f", just before the text {after!r}" if after else ""
        message = f"The {label(lvl, el)} has no text a screen reader can announce{_why(el)}{where}"
        yield ctx.finding(META, el, message, level=lvl)


def _why(el) -> str:
    if el.get("aria-labelledby", "").strip():
        return f" (aria-labelledby={el.get('aria-labelledby')!r} names no element with text)"
    if el.find(".//img") is not None:
        return " (the images inside have an empty alt or are presentational)"
    if collapse(el.text_content()):
        return " (its text is hidden from screen readers or is a script)"
    return ""


def _text_after(el) -> str:
    """The first visible words after the heading: they tell the reader of the report which heading it is."""
    words = ""
    for text in _FOLLOWING_TEXT(el):
        owner = text.getparent().getparent() if text.is_tail else text.getparent()
        if owner is not None and collapse(text) and owner.tag not in NON_TEXT_TAGS and not is_hidden(owner):
            words = collapse(f"{words} {text}")
            if len(words) >= 40:
                break
    return words if len(words) <= 60 else words[:59] + "…"
