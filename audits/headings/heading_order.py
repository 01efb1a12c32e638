"""Heading levels go down one step at a time.

Flags a visible heading whose level is more than one deeper than the level of the visible heading before it
(h2 → h4): screen-reader users navigate by heading level, and a skipped level makes them believe they missed a
section. Same semantics as axe-core's `heading-order` (best practice):

- the first heading of the page passes whatever its level (an h2 first is fine here; `page-has-heading-one`
  reports a missing h1);
- stepping back up any number of levels passes (h4 → h2), as does an equal or a one-deeper level;
- the level is the announced one: `aria-level` overrides the tag (`<h4 aria-level="3">` is level 3), and
  `role="heading"` without `aria-level` is level 2;
- headings hidden from assistive technology (`hidden`, `aria-hidden="true"`, inline `display:none`, on the
  heading or an ancestor; in `<noscript>` / `<template>`) are skipped entirely, as if absent: after
  `<h2>`, `<section hidden><h3>…</h3></section>`, an `<h3>` follows the h2 and passes, and an `<h4>` there would be
  a skip from 2 to 4.

Fail: `<h2>How It Works</h2><h4>Canalith Repositioning</h4>`. Pass: `<h2>…</h2><h3>…</h3><h4>…</h4><h2>…</h2>`,
`<h2>…</h2><h4 aria-level="3">…</h4>`.
"""

from __future__ import annotations

from typing import Iterator

from audits.context import PageContext
from audits.headings._levels import headings, label, quote
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="heading-order",
    category="headings",
    severity="notice",
    title="Heading levels only increase by one",
    help="Use the next level down for a subsection (h2 → h3); to change a heading's size, use CSS, not a level.",
    help_url="https://dequeuniversity.com/rules/axe/4.10/heading-order",
)


def check(ctx: PageContext) -> Iterator[Finding]:
    previous = None
    for el, lvl in headings(ctx):
        if previous is not None and lvl - previous[1] > 1:
            prev_el, prev = previous
            yield ctx.finding(META, el, f"Heading level jumps from {prev} to {lvl} (the {label(lvl, el)} {quote(el)} "
                                        f"follows the {label(prev, prev_el)} {quote(prev_el)}); make it level "
                                        f"{prev + 1} or add the missing level-{prev + 1} heading above it",
                              level=lvl, previous_level=prev)
        previous = (el, lvl)
