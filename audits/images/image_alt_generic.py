"""Alt texts must not be placeholder words.

Flags an image whose whole alt text (trimmed, ignoring case, an article in front and punctuation at the end) is a
placeholder that says nothing about the picture: `image`, `img`, `photo`, `photograph`, `picture`, `pic`,
`graphic`, `icon`, `logo` (alone), `untitled`, `placeholder`, `spacer`, `banner`, `thumbnail`, `default`, `blank`
(and their plurals), or a numbered form such as `image 1`, `Photo #2` (the unspaced `image1` / `photo_2` are
image-alt-filename's). A screen reader already says "image", so such an alt adds nothing. This is WCAG failure F30
(placeholder text as the text alternative), WebAIM's alt text guidance and the W3C alt decision tree: an
informative image needs an alt that conveys its content, a decorative one needs `alt=""`.

Only the whole alt counts: "image of a knee" is not a placeholder (image-alt-redundant-prefix may flag its start),
nor are "Clinic logo" or "Icon of a clipboard". Rendered images only; `alt=""`, a missing alt, presentational and
hidden images are skipped.

Fail: `<img alt="image">`, `<img alt="Photo.">`, `<img alt="picture 3">`. Pass: `<img alt="Physiotherapist
guiding a squat">`, `<img alt="Strathcona Physical Therapy logo">`, `<img src="divider.png" alt="">`.
"""

from __future__ import annotations

from typing import Iterator

from audits.context import PageContext
from audits.images._names import alt_texts, is_placeholder
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="image-alt-generic",
    category="images",
    severity="warning",
    title="Alt texts describe the image",
    help="Replace the placeholder with a short description of what the image shows (or alt=\"\" if it is "
         "decorative).",
    help_url="https://webaim.org/techniques/alttext/",
)


def check(ctx: PageContext) -> Iterator[Finding]:
    for img, alt in alt_texts(ctx.root):
        if is_placeholder(alt):
            yield ctx.finding(META, img, f"Alt text {alt!r} is a placeholder that does not describe the image",
                              alt=alt)
