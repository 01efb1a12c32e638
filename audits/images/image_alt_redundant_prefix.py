"""Alt texts should not start with "image of".

Flags an image whose alt text starts with `image of`, `picture of`, `photo of`, `photograph of`, `graphic of`, or
the same with `a` / `an` in front (`an image of`, `a picture of`, `a photo of`), ignoring case. Screen readers
already announce the element as an image ("graphic, Picture of a heel…"), so the prefix is read twice and delays
the content. WebAIM's alt text guidance says not to use "image of…" / "graphic of…", since it is usually apparent
that it is an image; naming a kind of image that matters (`Screenshot of`, `Diagram of`, `Illustration of`,
`Logo of`) is fine and not flagged.

Only the start counts ("Before-and-after photo of a knee" passes); rendered images with a non-empty alt only
(presentational and hidden images, `alt=""` and a missing alt are skipped).

Fail: `<img alt="Picture of a shockwave applicator on a heel">`. Pass: `<img alt="Shockwave applicator on a
patient's heel">`, `<img alt="Photography studio at the clinic">`, `<img alt="Screenshot of the booking form">`.
"""

from __future__ import annotations

import re
from typing import Iterator

from audits.context import PageContext
from audits.images._names import alt_texts
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="image-alt-redundant-prefix",
    category="images",
    severity="notice",
    title="Alt texts do not start with \"image of\"",
    help="Drop the \"image of\" / \"picture of\" / \"photo of\" prefix and start with what the image shows.",
    help_url="https://webaim.org/techniques/alttext/",
)

PREFIX = re.compile(r"(?:an?\s+)?(?:image|picture|photo|photograph|graphic)\s+of\b", re.IGNORECASE)


def check(ctx: PageContext) -> Iterator[Finding]:
    for img, alt in alt_texts(ctx.root):
        if match := PREFIX.match(alt):
            shown = alt if len(alt) <= 60 else alt[:59] + "…"
            yield ctx.finding(META, img, f"Alt text {shown!r} starts with {match.group(0)!r}: screen readers already "
                                         f"announce an image, so the prefix is redundant",
                              alt=alt, prefix=match.group(0))
