"""Shared checks of the rules (axe-core's "checks"): visibility to assistive technology, accessible names."""

from __future__ import annotations

import re
from typing import Iterator
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from clinicaudit.page import collapse, text_of

_DISPLAY_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def in_noscript(el: HtmlElement) -> bool:
    """Inside <noscript>: not rendered when scripts run (a lazy loader's fallback copy)."""
    return any(True for _ in el.iterancestors("noscript"))


def hidden_from_screen_readers(el: HtmlElement) -> bool:
    """aria-hidden="true", `hidden` or an inline display:none / visibility:hidden on it or an ancestor."""
    for node in (el, *el.iterancestors()):
        if (node.get("aria-hidden") or "").strip().lower() == "true" or node.get("hidden") is not None:
            return True
        if _DISPLAY_NONE.search(node.get("style") or ""):
            return True
    return False


def is_presentational(el: HtmlElement) -> bool:
    return (el.get("role") or "").strip().lower().split()[:1] in (["presentation"], ["none"])


def labelledby_text(el: HtmlElement) -> str:
    """The text of the elements aria-labelledby points to (empty when none resolves)."""
    ids = (el.get("aria-labelledby") or "").split()
    if not ids:
        return ""
    root = el.getroottree()
    parts = []
    for ref in ids:
        found = root.xpath("//*[@id=$v]", v=ref)
        if found:
            parts.append(text_of(found[0]) or collapse(found[0].get("aria-label")))
    return collapse(" ".join(parts))


def image_name(img: HtmlElement) -> str:
    """An image's accessible name: aria-labelledby, aria-label, alt, title (accname 1.2 order)."""
    return (labelledby_text(img) or collapse(img.get("aria-label")) or collapse(img.get("alt"))
            or collapse(img.get("title")))


def link_name(a: HtmlElement) -> str:
    """A link's accessible name: aria-labelledby, aria-label, its content (text and the names of images and
    labelled elements inside, hidden parts left out), title."""
    name = labelledby_text(a) or collapse(a.get("aria-label"))
    if name:
        return name
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "template", "noscript"):
            return
        if node is not a and hidden_from_screen_readers_self(node):
            return
        if node.tag == "img" and not is_presentational(node):
            parts.append(image_name(node))
        elif node is not a and (node.get("aria-label") or node.get("aria-labelledby")):
            parts.append(labelledby_text(node) or collapse(node.get("aria-label")))
            return
        elif node.tag == "svg":
            title = node.find(".//title")
            parts.append(text_of(title) if title is not None else "")
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(a)
    return collapse(" ".join(parts)) or collapse(a.get("title"))


def hidden_from_screen_readers_self(el: HtmlElement) -> bool:
    return ((el.get("aria-hidden") or "").strip().lower() == "true" or el.get("hidden") is not None
            or bool(_DISPLAY_NONE.search(el.get("style") or "")))


def rendered_images(root: HtmlElement) -> Iterator[HtmlElement]:
    """The <img> elements a browser renders: not <noscript> fallbacks, not hidden from assistive technology."""
    for img in root.iter("img"):
        if not in_noscript(img) and not hidden_from_screen_readers(img):
            yield img


def src_basename(src: str | None) -> str:
    if not src:
        return ""
    path = urlsplit(src.strip()).path
    return path.rsplit("/", 1)[-1]
