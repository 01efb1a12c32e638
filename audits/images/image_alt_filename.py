"""Alt texts must not be file names.

Flags an image whose alt text looks like a file name instead of a description: it ends with an image extension
(`.jpg .jpeg .png .gif .webp .svg .avif .bmp .tif .tiff .heic`), it holds a camera or phone file name (`IMG_1234`,
`IMG-20230101-WA0001`, `DSC_0001`, `DSCN0001`, `DCIM`, `PXL_20230101_…`, `Screenshot 2023-…`, `WhatsApp Image
2023-…`), it is a numbered default name (`image1`, `photo_2`, `img-3`, `untitled-1`; the spaced form `image 1` is
image-alt-generic's), or it equals the base name of the image's own file (`src`, or `data-src` and the like of a
lazy-loaded image; with or without the extension and a WordPress `-768x512` size suffix, `-` and `_` alike) while
still written as a file name: one token with its `-`, `_` or `.` separators, or the file's stem exactly as written.
A description that merely shares the file's words passes: `alt="Priya Raman"` on `priya-raman.jpg`, `alt="front
entrance"` on `front-entrance-768x512.jpg` (precision first: such alts are often real, if terse, descriptions). CMSs and upload tools fill the alt with the file name when the editor wrote none; a screen
reader then reads out "IMG underscore 2043 dot JPG". This is WCAG failure F30 (text alternatives that are not
alternatives, e.g. file names) and WebAIM's and the W3C alt decision tree's advice: say what the image shows.

Only rendered images with a non-empty alt are read (`alt=""` is decorative; a missing alt is image-alt's); images
with `role="presentation"` / `role="none"` or hidden from assistive technology are skipped.

Fail: `<img src="IMG_2043.jpg" alt="IMG_2043.JPG">`, `<img src="knee-brace.jpg" alt="knee_brace">`.
Pass: `<img src="IMG_2043.jpg" alt="Therapist massaging a patient's calf">`, `<img alt="Room 2043">`.
"""

from __future__ import annotations

import re
from typing import Iterator
from urllib.parse import unquote

from lxml.html import HtmlElement

from audits._common import src_basename
from audits.context import PageContext
from audits.images._names import alt_texts, is_placeholder
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="image-alt-filename",
    category="images",
    severity="warning",
    title="Alt texts are not file names",
    help="Replace the file name with a short description of what the image shows (or alt=\"\" if it is decorative).",
    help_url="https://www.w3.org/WAI/WCAG22/Techniques/failures/F30",
)

EXTENSION = re.compile(r"\S\.(jpe?g|png|gif|webp|svg|avif|bmp|tiff?|heic)$", re.IGNORECASE)
CAMERA = re.compile(r"\b(?:IMG[_-]?\d{3,}|DSC[NF_-]?\d{3,}|DCIM\b|PXL_\d{8}|screen ?shot[ _-]?\d{4}-\d\d"
                    r"|WhatsApp Image \d{4}-\d\d)", re.IGNORECASE)
NUMBERED = re.compile(r"(?:image|img|photo|picture|pic|untitled|unnamed|file)[_-]?\d+", re.IGNORECASE)
SIZE_SUFFIX = re.compile(r"(?:-\d+x\d+|-scaled|@\dx)$")


def _words(name: str) -> str:
    return " ".join(re.split(r"[\s_-]+", name.lower())).strip()


def _own_names(img: HtmlElement) -> dict[str, str]:
    """The image's file names (base name, without extension, without size suffix) as words → the base name."""
    names = {}
    for attr in ("src", "data-src", "data-lazy-src", "data-original"):
        base = "" if (img.get(attr) or "").startswith("data:") else unquote(src_basename(img.get(attr)))
        stem = base.rsplit(".", 1)[0]
        names.update({_words(n): base for n in (base, stem, SIZE_SUFFIX.sub("", stem)) if _words(n)})
    return names


def _written_as_file_name(alt: str, img: HtmlElement) -> bool:
    """`priya-raman`, `knee_brace`, `reception` (the stem as is) — not `Priya Raman` or `Reception`."""
    token = alt.strip()
    stems = {n.rsplit(".", 1)[0] for n in _own_names(img).values()}
    if token in stems:
        return True
    return " " not in token and bool(re.search(r"[-_.]", token))


def check(ctx: PageContext) -> Iterator[Finding]:
    for img, alt in alt_texts(ctx.root):
        if CAMERA.search(alt):
            why = "looks like a camera file name"
        elif EXTENSION.search(alt) or NUMBERED.fullmatch(alt):
            why = "looks like a file name"
        elif not is_placeholder(alt) and _written_as_file_name(alt, img) and (own := _own_names(img).get(_words(alt))):
            why = f"is the image's own file name ({own})"
        else:
            continue
        yield ctx.finding(META, img, f"Alt text {alt!r} {why}: describe what the image shows instead", alt=alt)
