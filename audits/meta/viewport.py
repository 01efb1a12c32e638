"""Pages set a mobile viewport and let users zoom.

Flags, as Lighthouse's `viewport` does, a page with no `<meta name="viewport">` (page-level finding), or whose
viewport sets neither `width` nor `initial-scale` (at the element): phones then lay the page out 980 px wide and
shrink it, so text is tiny. A fixed `width` (`width=1024`) is flagged too, since the layout then ignores the
screen; `initial-scale=1` without `width` passes, as in Lighthouse.

At notice level, within the same rule, it flags a viewport that stops users from zooming, as axe-core's
`meta-viewport` (WCAG 1.4.4) does: `user-scalable=no` (or `0`), or `maximum-scale` below 2. If the page has several
viewport tags, the last one is checked, since browsers apply the last.

Fail: no viewport; `content="initial-scale=0.5, width=1024"`; `content="width=device-width, user-scalable=no"`
(notice). Pass: `content="width=device-width, initial-scale=1"`, `content="initial-scale=1"`,
`content="width=device-width, maximum-scale=5"`.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterator

from audits.context import PageContext
from audits.meta._text import content_properties, named_meta
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="viewport",
    category="meta",
    severity="warning",
    title="Pages have a mobile viewport that allows zooming",
    help="Put <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"> in the <head>, without "
         "user-scalable=no or a maximum-scale below 2.",
    help_url="https://developer.chrome.com/docs/lighthouse/pwa/viewport/",
)


def _number(value: str | None) -> float | None:
    """The number a viewport value starts with, as browsers read it (`2;` is 2), else None."""
    found = re.match(r"\s*([-+]?(?:\d+\.?\d*|\.\d+))", value or "")
    return float(found.group(1)) if found else None


def check(ctx: PageContext) -> Iterator[Finding]:
    metas = named_meta(ctx.root, "viewport")
    if not metas:
        yield ctx.finding(META, None, "The page has no <meta name=\"viewport\">: phones lay it out as a desktop page "
                                      "and shrink it")
        return
    props = content_properties(metas[-1].get("content"))
    mobile, zoom = [], []
    if "width" in props and props["width"] != "device-width":
        mobile.append(f"width={props['width']} fixes the layout width instead of width=device-width")
    elif "width" not in props and "initial-scale" not in props:
        mobile.append("neither width=device-width nor initial-scale is set, so phones lay the page out as a "
                      "desktop page")
    scalable = props.get("user-scalable")
    if scalable == "no" or (_number(scalable) is not None and -1 < _number(scalable) < 1):
        zoom.append(f"user-scalable={scalable} stops users from zooming")
    maximum = _number("1" if props.get("maximum-scale") == "yes" else props.get("maximum-scale"))
    if maximum is not None and 0 <= maximum < 2:
        zoom.append(f"maximum-scale={props['maximum-scale']} stops users from zooming to 200%")
    if mobile or zoom:
        finding = ctx.finding(META, metas[-1], f"In this viewport tag, {'; '.join(mobile + zoom)}",
                              mobile=bool(mobile), zoom=bool(zoom))
        yield finding if mobile else dataclasses.replace(finding, severity="notice")
