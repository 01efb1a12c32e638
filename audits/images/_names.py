"""Helpers of the image rules: the alt texts the alt-quality rules read."""

from __future__ import annotations

import re
from typing import Iterator

from lxml.html import HtmlElement

from audits._common import NOT_RENDERED, accessible_name, is_presentational, rendered_images
from clinicaudit.page import collapse

__all__ = ["NOT_RENDERED", "accessible_name", "alt_texts", "is_placeholder"]
PLACEHOLDERS = ("image", "img", "photo", "photograph", "picture", "pic", "graphic", "icon", "logo", "untitled",
                "placeholder", "spacer", "banner", "thumbnail", "default", "blank")
_PLACEHOLDER = re.compile(rf"(?:(?:an?|the)\s+)?(?:{'|'.join(PLACEHOLDERS)})s?"  # "the logo", "photos"
                          r"(?:\s+(?:no\.?\s*|#\s*)?\d+)?"  # "image 1", "Photo #2", "picture no. 3"
                          r"[\s.,:;!?…]*", re.IGNORECASE)  # trailing punctuation


def alt_texts(root: HtmlElement) -> Iterator[tuple[HtmlElement, str]]:
    """(image, alt with whitespace collapsed) for each rendered, non-presentational image whose alt is not empty:
    `alt=""` is the decorative marker and a missing alt is image-alt's finding."""
    for img in rendered_images(root):
        alt = collapse(img.get("alt"))
        if alt and not is_presentational(img):
            yield img, alt


def is_placeholder(alt: str) -> bool:
    """The whole alt is a placeholder word ("image", "Photo.", "the logo", "picture 3"): image-alt-generic's."""
    return bool(_PLACEHOLDER.fullmatch(alt.strip()))
