"""The `html` part of a page record in pages.jsonl: the facts a reader, a search engine and the audit see."""

from __future__ import annotations

import re
from typing import Any

import lxml.etree
from lxml.html import HtmlElement

from clinicaudit.dom import heading_level, image_src, is_noscript_duplicate
from clinicaudit.page import Page, collapse, is_hidden, text_of

_WORD = re.compile(r"\w+", re.UNICODE)
_IMAGES = lxml.etree.XPath("//img[not(ancestor::noscript)] | //noscript//img")
_LINKS = lxml.etree.XPath("//a[@href] | //area[@href]")
_HEADINGS = lxml.etree.XPath("//h1 | //h2 | //h3 | //h4 | //h5 | //h6 | //*[@role='heading']")


def meta_content(page: Page, name: str) -> str | None:
    """The content of the first `<meta name=NAME>` (name compared case-insensitively)."""
    for meta in page.root.iter("meta"):
        if (meta.get("name") or "").strip().lower() == name:
            return collapse(meta.get("content"))
    return None


def headings(page: Page) -> list[dict[str, Any]]:
    out = []
    for el in _HEADINGS(page.root):
        level = heading_level(el)
        if level is None or is_hidden(el):
            continue
        out.append({"level": level, "text": text_of(el)})
    return out


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
