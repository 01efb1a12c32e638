"""Menus: every internal link of a page outside its main content, with its label and the labels of the menu entries
above it (its trail). Which of them form the site's menus is decided over the whole site: a menu is the block of
links that the pages repeat (`site.py`), whatever element holds it (`<nav>`, a `<div>` of links, a sidebar box)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote

from lxml.html import HtmlElement

from clinicaudit.page import Page, collapse, text_of

# Decoration inside a menu link that is not its label: a dropdown's subtitle or description, a badge, an icon.
_DECORATION_WORDS = ("desc", "subtitle", "sub-title", "caption", "tagline", "badge", "excerpt", "subline", "sub-label")
_LABEL_TAGS = ("a", "span", "button", "div", "p", "strong", "h2", "h3", "h4", "h5", "h6", "label")


@dataclass
class MenuLink:
    url: str
    label: str
    trail: list[str] = field(default_factory=list)  # the labels of the entries above it, nearest first
    fragment: str | None = None  # a link to a section of the page ("/treatments/#cupping"): the section's id


def link_label(a: HtmlElement) -> str:
    """A menu link's own label: its text without a subtitle or description (`<small>`, `.menu-item-description`),
    or its first line when a `<br>` separates the two."""
    if len(a) == 0:
        return collapse(a.text_content())
    parts: list[str] = [a.text or ""]
    for child in a:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        classes = (child.get("class") or "").lower()
        if child.tag in ("small", "br", "sub") or any(w in classes for w in _DECORATION_WORDS):
            if collapse("".join(parts)):
                break
            parts.append(child.tail or "")
            continue
        parts.append(text_of(child))
        parts.append(child.tail or "")
    label = collapse(" ".join(parts))
    return label or collapse(a.get("aria-label") or a.get("title") or "")


def _entry_label(el: HtmlElement) -> str | None:
    """The label of a menu entry that opens a submenu: a short text element just before the submenu."""
    for sib in el.itersiblings(preceding=True):
        if not isinstance(sib.tag, str) or sib.tag in ("script", "style", "svg", "i", "img"):
            continue
        if sib.tag in ("ul", "ol", "li") or len(sib.findall(".//a")) > 1:
            return None  # a sibling entry of the same menu, not the label of a submenu
        label = link_label(sib) if sib.tag == "a" else text_of(sib)
        if 0 < len(label) <= 40:
            return label
        return None
    return None


def trail_of(a: HtmlElement, stop: HtmlElement, memo: dict[HtmlElement, tuple[str, ...]] | None = None) -> list[str]:
    """The labels of the menu entries above a link: walking up, each ancestor with a short label just before it
    (`li > a + ul`, `div.folder > a.title + div.content`, `div.w-dropdown > div.toggle + nav.list`)."""
    memo = {} if memo is None else memo
    return list(_trail(a.getparent(), stop, memo, 0))[:3]


def _trail(node: HtmlElement | None, stop: HtmlElement, memo: dict[HtmlElement, tuple[str, ...]],
           steps: int) -> tuple[str, ...]:
    if node is None or node is stop or steps >= 8:
        return ()
    if node in memo:
        return memo[node]
    label = None
    if node.tag in ("ul", "ol", "div", "nav", "section") or "menu" in (node.get("class") or ""):
        label = _entry_label(node)
    above = _trail(node.getparent(), stop, memo, steps + 1)
    trail = (label,) + tuple(t for t in above if t != label) if label else above
    memo[node] = trail
    return trail


def page_links(page: Page, main: HtmlElement | None) -> tuple[list[MenuLink], list[str], list[MenuLink]]:
    """(the internal links outside the main content, with labels and trails; the URLs the main content links to;
    the links outside it to a section of a page, `/treatments/#cupping`, each with its fragment)."""
    outside: list[MenuLink] = []
    sections: list[MenuLink] = []
    inside: list[str] = []
    seen_out: set[str] = set()
    seen_in: set[str] = set()
    seen_sections: set[tuple[str, str]] = set()
    body = page.body
    in_main = set(main.iter("a")) if main is not None and main is not body else None
    memo: dict[HtmlElement, tuple[str, ...]] = {}
    for a in body.iter("a"):
        raw = (a.get("href") or "").strip()
        if not raw or raw.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        href = page.absolute(raw)
        if not href or not page.is_internal(href):
            continue
        url = page.public(href)
        if in_main is not None and a in in_main:
            if url not in seen_in:
                seen_in.add(url)
                inside.append(url)
            continue
        fragment = unquote(raw.split("#", 1)[1].strip()) if "#" in raw else ""
        if fragment and (url, fragment) not in seen_sections:  # a section of a page, also a link to the page
            label = link_label(a)
            if label:
                seen_sections.add((url, fragment))
                sections.append(MenuLink(url=url, label=label, trail=trail_of(a, body, memo), fragment=fragment))
        if url in seen_out:
            continue
        label = link_label(a)
        if not label:
            continue
        seen_out.add(url)
        outside.append(MenuLink(url=url, label=label, trail=trail_of(a, body, memo)))
        if in_main is None and url not in seen_in:
            seen_in.add(url)
            inside.append(url)
    return outside, inside, sections
