"""Helpers of the meta rules: the document's title, its named `<meta>` elements, comparable text, the content
syntax of `<meta name="viewport">`."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from clinicaudit.page import collapse

# Elements whose <title> is not the document's: an inline SVG's or MathML's title names the graphic.
_FOREIGN = ("svg", "math")


def document_title(root: HtmlElement) -> HtmlElement | None:
    """The document's title element: the first <title> in tree order that is not inside inline SVG/MathML (what
    `document.title` reads)."""
    for title in root.iter("title"):
        if not any(a.tag in _FOREIGN for a in title.iterancestors()):
            return title
    return None


def title_text(title: HtmlElement) -> str:
    return collapse(title.text_content())


def named_meta(root: HtmlElement, name: str) -> list[HtmlElement]:
    """`<meta name=...>` elements of the page, name compared trimmed and case-insensitively, in document order.
    Anywhere in the document, not only in <head>: lxml ends <head> early at markup browsers keep there (a
    tracking pixel's <noscript><img>), which would otherwise hide the rest of the head."""
    return [m for m in root.iter("meta")
            if (m.get("name") or "").strip().lower() == name and not any(a.tag in _FOREIGN for a in m.iterancestors())]


def normalized(text: str | None) -> str:
    """Text as compared between pages: white space folded, case ignored."""
    return collapse(text).lower()


def content_properties(content: str | None) -> dict[str, str]:
    """`width=device-width, initial-scale=1` → {"width": "device-width", "initial-scale": "1"}: keys and values
    trimmed and lower-cased; `,` and `;` both separate (browsers accept both); a key without `=` is dropped."""
    props: dict[str, str] = {}
    for item in re.split(r"[,;]", content or ""):
        key, sep, value = item.partition("=")
        if sep and key.strip() and value.strip():
            props[key.strip().lower()] = value.strip().lower()
    return props
