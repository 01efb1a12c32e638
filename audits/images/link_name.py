"""Links must have an accessible name.

Flags a link (`<a href>`) that assistive technology announces with no name, so a screen reader user hears only
"link" (or the raw URL): an image link whose only image has `alt=""` or no alt, an icon-font or SVG icon link with
no text, a link with only white space. Same meaning as axe-core's `link-name` (WCAG 2.4.4 and 4.1.2): the name comes
from `aria-labelledby` (when it resolves), `aria-label`, the content (text, the alt of images inside, an inline
`<svg>`'s `<title>`, the names of labelled descendants; parts hidden with `aria-hidden`, `hidden` or `display:none`
do not count, visually hidden "screen-reader-text" does) or the `title` attribute.

Not checked: links hidden from assistive technology (`aria-hidden="true"`, `hidden`, `display:none`, on the link
or an ancestor, e.g. a hidden duplicate of a menu) and links in `<noscript>` / `<template>`, which are not
rendered. A link is focusable, so `role="presentation"` / `role="none"` on it is void (WAI-ARIA's conflict
resolution): it is checked like any link. A link given another role (`role="button"`, `role="menuitem"`)
is still checked: it needs a name just the same.

Fail: `<a href="https://facebook.com/clinic"><img src="fb.svg" alt=""></a>`, `<a href="/call"><i class="fa
fa-phone"></i></a>`. Pass: `<a href="https://facebook.com/clinic"><img src="fb.svg" alt="Facebook"></a>`,
`<a href="/call" aria-label="Call us"><i class="fa fa-phone" aria-hidden="true"></i></a>`.
"""

from __future__ import annotations

from typing import Iterator

from lxml.html import HtmlElement

from audits._common import hidden_from_screen_readers, in_noscript, is_presentational
from audits.context import PageContext
from audits.images._names import NOT_RENDERED, accessible_name
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="link-name",
    category="images",
    severity="error",
    title="Links have an accessible name",
    help="Give every link text, or an image with a meaningful alt, or an aria-label that says where it goes "
         "(e.g. alt=\"Facebook\" on a social media icon).",
    help_url="https://dequeuniversity.com/rules/axe/4.10/link-name",
)


def check(ctx: PageContext) -> Iterator[Finding]:
    for a in ctx.root.iter("a"):
        href = a.get("href")
        if href is None or is_presentational(a) or hidden_from_screen_readers(a):
            continue
        if any(True for _ in a.iterancestors(*NOT_RENDERED)) or accessible_name(a):
            continue
        yield ctx.finding(META, a, f"Link to {href.strip()[:100]!r} has no accessible name: {_why(a)}", href=href)


def _why(a: HtmlElement) -> str:
    alts = [img.get("alt") for img in a.iter("img") if not in_noscript(img)]
    image = "its image has" if len(alts) == 1 else "its images have"
    if None in alts:
        return f"{image} no alt attribute" if len(alts) == 1 else "an image in it has no alt attribute"
    if "" in alts:
        alt = "an empty alt" if len(alts) == 1 else "empty alts"
        return f"{image} {alt} (marked decorative) and the link has no text or aria-label"
    if any(not alt.strip() for alt in alts):
        return f"{image} an alt of only white space"
    if alts or any(hidden_from_screen_readers(el) for el in a.iterdescendants()):
        return "its content is hidden from assistive technology and it has no aria-label"
    if next(a.iterdescendants("svg", "i", "span"), None) is not None:
        return "it holds only an icon with no text alternative"
    return "it has no text, aria-label or title"
