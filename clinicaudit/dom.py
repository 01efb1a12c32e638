"""DOM helpers shared by the page record, extraction and the audit rules: heading levels and the image a reader
finally sees."""

from __future__ import annotations

from lxml.html import HtmlElement

HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_LAZY_SRC_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-url", "data-img-src")
_LAZY_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset")


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
