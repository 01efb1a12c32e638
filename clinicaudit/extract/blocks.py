"""Blocks of the main content: a page's main content as a flat run of headings, text, list items, table rows and
images, site chrome left out; and runs of feature blocks (icon boxes, cards) among them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator
from urllib.parse import urlsplit

import lxml.etree
from lxml.html import HtmlElement

from clinicaudit.page import Page, collapse, is_hidden, text_of
from clinicaudit.dom import heading_level, is_noscript_duplicate

SKIP_TAGS = frozenset({"script", "style", "template", "noscript", "form", "nav", "aside", "svg", "iframe", "button",
                       "select", "textarea", "input", "dialog", "object", "canvas", "video", "audio"})
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog"})
# Words of a class or id that name site chrome; header/footer/menu only outside <main>, where a theme's
# `entry-header` is part of the article.
ALWAYS_CHROME_WORDS = frozenset({"breadcrumb", "breadcrumbs", "cookie", "cookies", "popup", "modal", "sidebar",
                                 "share", "sharing", "skip"})
OUTER_CHROME_WORDS = frozenset({"header", "footer", "nav", "navbar", "navigation", "menu", "masthead", "topbar"})
TEXT_TAGS = frozenset({"p", "blockquote", "figcaption", "dt", "dd", "pre", "address", "summary"})
BLOCKISH = frozenset({"div", "p", "ul", "ol", "li", "table", "section", "article", "figure", "blockquote", "header",
                      "footer", "main", "h1", "h2", "h3", "h4", "h5", "h6", "dl", "pre", "address", "details"})
BULLETS = "•·–-✓✔▪►*"

_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.IGNORECASE)


@dataclass
class Block:
    kind: str  # heading | text | item | row | image
    el: HtmlElement
    text: str = ""
    level: int = 0


# -- main content as blocks ----------------------------------------------------------------------------------------


_ROLE_MAIN = lxml.etree.XPath("//*[@role='main']")


def content_root(page: Page) -> tuple[HtmlElement, bool]:
    """The page's `<main>` (or `[role=main]`) and True, else the body and False. A landmark that holds neither the
    page's h1 nor half of its text is mislabelled (GoDaddy marks its header widget `role="main"`) and is passed
    over."""
    found = list(page.root.iter("main", "h1"))
    h1 = next((el for el in found if el.tag == "h1"), None)
    total: list[int] = []

    def holds_the_content(el: HtmlElement) -> bool:
        if h1 is not None and (el is h1 or any(a is el for a in h1.iterancestors())):
            return True
        if not total:
            total.append(len(page.body.text_content()))
        return len(el.text_content()) * 2 >= total[0]

    for el in (el for el in found if el.tag == "main" and not is_hidden(el)):
        if holds_the_content(el):
            return el, True
    for el in _ROLE_MAIN(page.root):  # looked for only when no <main> holds the content
        if holds_the_content(el):
            return el, True
    return page.body, False


def class_words(el: HtmlElement) -> frozenset[str]:
    """The words of an element's class and id."""
    classes, ident = el.get("class"), el.get("id")
    words = _split_words(classes) if classes else _NONE
    return words | _words(ident) if ident else words


_NONE: frozenset[str] = frozenset()
_WORD_SPLIT = re.compile(r"[\s_-]+")


def _words(attr: str) -> frozenset[str]:
    return frozenset(w for w in _WORD_SPLIT.split(attr.lower()) if w)


@lru_cache(maxsize=2048)
def _split_words(classes: str) -> frozenset[str]:
    """The words of a class attribute (cached: themes repeat the same class strings thousands of times; ids, often
    unique to the element, are not cached — 8,000 of them held 11 MB in each reader)."""
    return _words(classes)


def is_chrome(el: HtmlElement, inside_main: bool) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if not el.attrib:  # most elements: the tag alone decides
        return tag in SKIP_TAGS or (not inside_main and tag in ("header", "footer"))
    if tag in SKIP_TAGS or (el.get("role") or "").strip().lower() in CHROME_ROLES:
        return True
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").strip().lower() == "true":
        return True
    words = class_words(el)
    if words & ALWAYS_CHROME_WORDS:
        return True
    if not inside_main and (tag in ("header", "footer") or words & OUTER_CHROME_WORDS):
        return True
    return False


_LAYOUT_CONTENT = ("table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "div", "p", "section", "nav", "form")


def is_layout_table(table: HtmlElement) -> bool:
    """A table used for page layout (as hand-written sites of the 2000s do): it holds headings, lists, paragraphs
    or other tables, which a data table's cells do not."""
    return next(table.iterdescendants(*_LAYOUT_CONTENT), None) is not None


def _holding_blocks(root: HtmlElement) -> set[HtmlElement]:
    """The elements under `root` that hold a block element (a paragraph, a list, a heading, a div …): each block
    marks its ancestors, stopping where an earlier one already has — one pass, not a search under every wrapper."""
    holding: set[HtmlElement] = set()
    for el in root.iterdescendants(*BLOCKISH):
        for parent in el.iterancestors():
            if parent is root or parent in holding:
                break
            holding.add(parent)
    return holding


def title_area(root: HtmlElement) -> set[HtmlElement]:
    """The wrappers of the page's h1 (its first): a page's hero or header module ("et_pb_fullwidth_header",
    "page-header") holds the page's title and introduction, not the site's chrome — unless it also holds a menu, or
    the h1 is the site's title linking home (an old theme's logo)."""
    h1 = next(root.iter("h1"), None)
    if h1 is None:
        return set()
    first = next((c for c in h1 if isinstance(c.tag, str)), None)
    if first is not None and first.tag == "a" and not (h1.text or "").strip() and \
            urlsplit(first.get("href") or "").path in ("", "/"):
        return set()
    area = set()
    for el in h1.iterancestors():
        if el is root:
            break
        if el.tag == "nav" or next(el.iter("nav"), None) is not None or (el.get("role") or "") == "navigation":
            break
        area.add(el)
    return area


def blocks(root: HtmlElement, inside_main: bool, area: set[HtmlElement] = frozenset(),
           holding: set[HtmlElement] | None = None) -> Iterator[Block]:
    """The main content in document order, site chrome left out; inside `area` (the page's title area, see
    `title_area`), only what is chrome inside <main> too."""
    if holding is None:
        holding = _holding_blocks(root)
    for child in root:
        if not isinstance(child.tag, str):
            continue
        # inside the page's title area, only what is chrome inside <main> too is left out
        inside = inside_main or child in area
        if is_chrome(child, inside):
            continue
        tag = child.tag
        level = heading_level(child)
        if level is not None:
            yield Block("heading", child, text_of(child), level)
        elif tag == "img":
            if not is_noscript_duplicate(child):
                yield Block("image", child)
        elif tag in ("ul", "ol"):
            for li in child:
                if isinstance(li.tag, str) and li.tag == "li" and not is_chrome(li, inside):
                    yield Block("item", li, text_of(li))
                    yield from (Block("image", img) for img in li.iter("img") if not is_noscript_duplicate(img))
        elif tag == "table" and not is_layout_table(child):
            for tr in child.iter("tr"):
                cells = [text_of(c) for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
                if any(cells) and not any(c.tag == "th" for c in tr if isinstance(c.tag, str)):
                    yield Block("row", tr, " | ".join(cells))
        elif tag in TEXT_TAGS or child not in holding:
            text = text_of(child)
            if text:
                yield Block("text", child, text)
            yield from (Block("image", img) for img in child.iter("img") if not is_noscript_duplicate(img))
        else:
            yield from blocks(child, inside, area, holding)


def feature_runs(block_list: list[Block]) -> list[list[dict[str, Any]]]:
    """Runs of three or more (title, text) pairs: icon boxes, feature cards."""
    runs: list[list[dict[str, Any]]] = []
    current: list[dict[str, Any]] = []
    i = 0
    n = len(block_list)

    def flush() -> None:
        nonlocal current
        if len(current) >= 3:
            runs.append(current)
        current = []

    while i < n:
        b = block_list[i]
        title = _feature_title(b)
        if title is None:
            if b.kind != "image":
                flush()
            i += 1
            continue
        j = i + 1
        while j < n and block_list[j].kind == "image":
            j += 1
        if j < n and block_list[j].kind == "text" and len(block_list[j].text) <= 600 and _feature_title(block_list[j]) is None:
            start = i
            floor = current[-1]["end"] + 1 if current else 0
            while start - 1 >= floor and block_list[start - 1].kind == "image":
                start -= 1  # the unit's icon
            current.append({"title": title, "text": block_list[j].text, "start": start, "end": j,
                            "links": [a.get("href") for blk in block_list[i:j + 1] for a in blk.el.iter("a")]})
            i = j + 1
        else:
            flush()
            i += 1
    flush()
    return runs


def _feature_title(b: Block) -> str | None:
    if b.kind == "heading" and b.level >= 3 and 0 < len(b.text) <= 80:
        return b.text
    if b.kind == "text" and 0 < len(b.text) <= 80:
        bold = collapse(" ".join(" ".join(x.itertext()) for x in b.el.iter()
                                 if x.tag in ("strong", "b") or _BOLD_STYLE.search(x.get("style") or "")))
        if bold and bold == b.text:
            return b.text
    return None


