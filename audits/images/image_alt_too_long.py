"""Alt texts should be concise.

Flags an image whose alt text is longer than `max-length` characters (default 125; counted after trimming and
folding runs of white space, as a screen reader reads it). A long alt is read in one go, with no way to skim or
skip part of it, and usually holds a caption or a long description. WebAIM's alt text guidance (be succinct:
usually a few words, rarely more than a short sentence or two) and the W3C alt decision tree (complex images: a
short alt plus a long description in the page, a `<figcaption>` or a linked page) say to move the detail next to
the image. The 125-character default is the limit that auditing tools commonly use.

Rendered images with a non-empty alt only (presentational and hidden images, `alt=""` and a missing alt are
skipped). Option: `max-length` (integer, characters).

Fail (default): an alt of 126 characters or more. Pass: `<img alt="Physiotherapist guiding a patient through a
balance exercise on a foam pad">` (74 characters), an alt of exactly 125 characters.
"""

from __future__ import annotations

from typing import Iterator

from audits.context import PageContext
from audits.images._names import alt_texts
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="image-alt-too-long",
    category="images",
    severity="warning",
    title="Alt texts are concise",
    help="Shorten the alt to what the image conveys in context; put longer detail in a caption or the page text.",
    options={"max-length": 125},
    help_url="https://www.w3.org/WAI/tutorials/images/decision-tree/",
)


def check(ctx: PageContext) -> Iterator[Finding]:
    limit = int(ctx.option(META, "max-length"))
    for img, alt in alt_texts(ctx.root):
        if len(alt) > limit:
            shown = alt if len(alt) <= 60 else alt[:59] + "…"
            yield ctx.finding(META, img, f"Alt text {shown!r} is {len(alt)} characters long, over the limit of "
                                         f"{limit}", alt=alt, length=len(alt), limit=limit)
