"""Alt texts do not repeat the text beside them.

Flags an image whose alt text is the same (case and spacing aside) as the text of the link, button, paragraph, list
item or table cell that holds it: `<a href="/physio"><img alt="Physiotherapy"> Physiotherapy</a>` is read "link,
Physiotherapy, Physiotherapy". Same meaning as axe-core's `image-redundant-alt` (best practice): the image is then
decorative there and takes `alt=""`. The text compared is the container's text without the image, hidden parts left
out. Presentational images and images hidden from assistive technology are not checked.

Fail: `<a href="/physio"><img src="p.jpg" alt="Physiotherapy">Physiotherapy</a>`.
Pass: `<a href="/physio"><img src="p.jpg" alt="">Physiotherapy</a>`, `<a href="/physio"><img src="p.jpg"
alt="Therapist treating a shoulder">Physiotherapy</a>`.
"""

from __future__ import annotations

from typing import Iterator

from lxml.html import HtmlElement

from audits._common import hidden_from_screen_readers, hidden_from_screen_readers_self, rendered_images
from audits._aria import is_presentational, role
from audits.context import PageContext
from audits.rule import Finding, RuleMeta
from clinicaudit.page import collapse

META = RuleMeta(
    id="image-redundant-alt",
    category="images",
    severity="notice",
    title="Alt texts do not repeat the text beside them",
    help="When the link, button or paragraph already says it, give the image alt=\"\" (or describe what it shows).",
    help_url="https://dequeuniversity.com/rules/axe/4.10/image-redundant-alt",
)
_CONTAINERS = ("a", "button", "p", "li", "td", "th")


def check(ctx: PageContext) -> Iterator[Finding]:
    for img in rendered_images(ctx.root):
        alt = collapse(img.get("alt")).lower()
        if not alt or is_presentational(img) or hidden_from_screen_readers(img):
            continue
        holder = next((el for el in img.iterancestors() if el.tag in _CONTAINERS and (el.tag != "a" or
                       el.get("href") is not None) or role(el) == "button"), None)
        if holder is None:
            continue
        text = collapse(_text_without(holder, img)).lower()
        if text and text == alt:
            yield ctx.finding(META, img, f"The alt text {img.get('alt').strip()[:80]!r} repeats the text of the "
                                         f"<{holder.tag}> around the image", alt=img.get("alt"))


def _text_without(el: HtmlElement, img: HtmlElement) -> str:
    """The visible text of `el`, without `img` and hidden parts."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child is not img and child.tag not in ("script", "style", "template") \
                and not hidden_from_screen_readers_self(child):
            parts.append(_text_without(child, img))
        parts.append(child.tail or "")
    return " ".join(parts)
