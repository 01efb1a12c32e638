"""The `html` part of a page record in pages.jsonl: the facts a reader, a search engine and the audit see."""

from __future__ import annotations

import re
from typing import Any

import lxml.etree
from lxml.html import HtmlElement

from clinicaudit.page import Page, collapse, is_hidden, text_of

HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_WORD = re.compile(r"\w+", re.UNICODE)
_LAZY_SRC_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-url", "data-img-src")
_LAZY_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset")
_IMAGES = lxml.etree.XPath("//img[not(ancestor::noscript)] | //noscript//img")
_LINKS = lxml.etree.XPath("//a[@href] | //area[@href]")
_HEADINGS = lxml.etree.XPath("//h1 | //h2 | //h3 | //h4 | //h5 | //h6 | //*[@role='heading']")


def meta_content(page: Page, name: str) -> str | None:
    """The content of the first `<meta name=NAME>` (name compared case-insensitively)."""
    for meta in page.root.iter("meta"):
        if (meta.get("name") or "").strip().lower() == name:
            return collapse(meta.get("content"))
    return None


def heading_level(el: HtmlElement) -> int | None:
    """The heading level a screen reader announces: aria-level overrides the tag's own level."""
    level = el.get("aria-level")
    if level and level.strip().isdigit() and (el.tag in HEADING_TAGS or el.get("role") == "heading"):
        return max(1, int(level.strip()))
    if el.tag in HEADING_TAGS:
        return int(el.tag[1])
    if (el.get("role") or "").strip() == "heading":
        return 2  # WAI-ARIA: the default aria-level of the heading role
    return None


def headings(page: Page) -> list[dict[str, Any]]:
    out = []
    for el in _HEADINGS(page.root):
        level = heading_level(el)
        if level is None or is_hidden(el):
            continue
        out.append({"level": level, "text": text_of(el)})
    return out


def _first_src(srcset: str | None) -> str | None:
    if not srcset:
        return None
    first = srcset.strip().split(",")[0].strip().split()
    return first[0] if first else None


def _is_placeholder(src: str | None) -> bool:
    return not src or not src.strip() or src.strip().startswith("data:") or src.strip() in ("#", "about:blank")


def image_src(img: HtmlElement) -> tuple[str | None, bool]:
    """The image a reader finally sees, and whether it is lazy-loaded: `data-src` style attributes and srcsets
    of lazy loaders, then `src`, then the `<noscript>` fallback that follows the image."""
    src = img.get("src")
    lazy = any(img.get(a) for a in _LAZY_SRC_ATTRS + _LAZY_SRCSET_ATTRS)
    if not _is_placeholder(src) and not lazy:
        return src.strip(), (img.get("loading") or "").lower() == "lazy"
    for attr in _LAZY_SRC_ATTRS:
        if not _is_placeholder(img.get(attr)):
            return img.get(attr).strip(), True
    for attr in _LAZY_SRCSET_ATTRS + ("srcset",):
        candidate = _first_src(img.get(attr))
        if not _is_placeholder(candidate):
            return candidate, True
    fallback = noscript_fallback(img)
    if fallback is not None and not _is_placeholder(fallback.get("src")):
        return fallback.get("src").strip(), True
    return (None if _is_placeholder(src) else src.strip()), lazy


def noscript_fallback(img: HtmlElement) -> HtmlElement | None:
    """The `<img>` in a `<noscript>` right after a lazy-loaded image (the pattern of WordPress lazy loaders)."""
    sibling = img.getnext()
    if sibling is None or sibling.tag != "noscript":
        return None
    found = sibling.find(".//img")
    return found


def is_noscript_duplicate(img: HtmlElement) -> bool:
    """A `<noscript>` fallback image that repeats the lazy image just before it."""
    noscript = next((a for a in img.iterancestors("noscript")), None)
    if noscript is None:
        return False
    prev = noscript.getprevious()
    return prev is not None and prev.tag == "img"


def images(page: Page) -> list[dict[str, Any]]:
    out = []
    for img in _IMAGES(page.root):
        if is_noscript_duplicate(img):
            continue
        src, lazy = image_src(img)
        alt = img.get("alt")
        out.append({
            "src": page.absolute(src) if src else None,
            "alt": alt,
            "alt_state": "absent" if alt is None else ("empty" if alt == "" else "present"),
            "title": img.get("title"),
            "role": img.get("role"),
            "aria_label": img.get("aria-label"),
            "aria_labelledby": img.get("aria-labelledby"),
            "aria_hidden": (img.get("aria-hidden") or "").strip().lower() == "true",
            "in_link": any(a.get("href") is not None for a in img.iterancestors("a")),
            "lazy": lazy,
            "width": img.get("width"),
            "height": img.get("height"),
        })
    return out


def link_text(a: HtmlElement) -> str:
    """Visible text, else the alt of images inside, else aria-label / title."""
    text = text_of(a)
    if text:
        return text
    alts = [collapse(img.get("alt")) for img in a.iter("img") if img.get("alt")]
    if any(alts):
        return " ".join(x for x in alts if x)
    return collapse(a.get("aria-label") or a.get("title") or "")


def links(page: Page, robots_nofollow: bool) -> list[dict[str, Any]]:
    out = []
    for a in _LINKS(page.root):
        href = page.absolute(a.get("href"))
        if href is None:
            continue
        rel = (a.get("rel") or "").lower().split()
        out.append({
            "href": href,
            "text": link_text(a),
            "internal": page.is_internal(href),
            "nofollow": robots_nofollow or "nofollow" in rel,
        })
    return out


def canonical(page: Page) -> str | None:
    for link in page.root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return page.absolute(link.get("href"))
    return None


def title(page: Page) -> str | None:
    el = page.root.find(".//title")
    return None if el is None else collapse(el.text_content())


def word_count(page: Page) -> int:
    return len(_WORD.findall(text_of(page.body)))


def html_record(page: Page) -> dict[str, Any]:
    """Everything the page record holds about an HTML page."""
    robots = meta_content(page, "robots")
    nofollow = bool(robots and "nofollow" in robots.lower()) or "nofollow" in page.headers.get("X-Robots-Tag", "").lower()
    html_el = page.root if page.root.tag == "html" else page.root.getroottree().getroot()
    return {
        "title": title(page),
        "meta_description": meta_content(page, "description"),
        "meta_robots": robots,
        "x_robots_tag": page.headers.get("X-Robots-Tag") or None,
        "canonical": canonical(page),
        "lang": (html_el.get("lang") or "").strip() or None,
        "headings": headings(page),
        "images": images(page),
        "links": links(page, nofollow),
        "structured_data": page.structured_data,
        "word_count": word_count(page),
        "parse_error": page.parse_error,
    }
