"""Shared checks of the rules (axe-core's "checks"): visibility to assistive technology, accessible names."""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import islice
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from audits import _aria
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
        style = node.get("style")
        if style and _DISPLAY_NONE.search(style):
            return True
    return False


def out_of_view(el: HtmlElement) -> bool:
    """Not rendered at all: `hidden`, or an inline display:none / visibility:hidden, on it or an ancestor."""
    return any(node.get("hidden") is not None or _DISPLAY_NONE.search(node.get("style") or "")
               for node in (el, *el.iterancestors()))


def is_presentational(el: HtmlElement) -> bool:
    """`role="none"` / `"presentation"` that holds (see `audits._aria`: void on a focusable element or one with a
    global ARIA attribute)."""
    return _aria.is_presentational(el)


NOT_RENDERED = ("script", "style", "template", "noscript")


def out_of_reach(el: HtmlElement) -> bool:
    """What assistive technology never meets: hidden from it (on the element or an ancestor), or inside an element
    that is not rendered (`<noscript>`, `<template>`, …). The rules that judge a name skip such elements."""
    return hidden_from_screen_readers(el) or any(True for _ in el.iterancestors(*NOT_RENDERED))


def label_text(el: HtmlElement) -> str:
    """The text of the `<label>`s of a form control: the one wrapping it and those whose `for` is its id."""
    parts = [text_of(label) for label in el.iterancestors("label")]
    ident = el.get("id")
    if ident:
        parts += [text_of(label) for label in el.getroottree().xpath("//label[@for=$v]", v=ident)]
    return collapse(" ".join(parts))


def accessible_name(el: HtmlElement) -> str:
    """The element's accessible name, computed once for every rule as accname 1.2 and HTML-AAM say (the steps a
    static page can take): hidden elements have none (unless an aria-labelledby points at them); then
    `aria-labelledby` (when it resolves), `aria-label`, the host language's own name (an img's, area's or image
    button's `alt`, a form control's `<label>`, an svg's `<title>` child), the content when the role takes its
    name from content (links, buttons, headings, cells, …: text, the names of images and labelled descendants,
    hidden parts left out), and last `title`. A presentational image names nothing."""
    return _name(el, in_labelledby=False, show_hidden=False, recursing=False)


def _host_name(node: HtmlElement) -> str:
    tag = node.tag
    if tag in ("img", "area"):
        return collapse(node.get("alt"))
    if tag == "input":
        kind = (node.get("type") or "text").strip().lower()
        if kind == "image":
            return collapse(node.get("alt")) or label_text(node)
        if kind in ("submit", "reset", "button"):
            return collapse(node.get("value")) or label_text(node)
        return label_text(node)
    if tag in ("select", "textarea", "meter", "progress", "output"):
        return label_text(node)
    if tag == "svg" or next(node.iterancestors("svg"), None) is not None:  # an svg, or a shape in one
        title = next((child for child in node if child.tag == "title"), None)
        return text_of(title) if title is not None else ""
    return ""


def _name(node: HtmlElement, in_labelledby: bool, show_hidden: bool, recursing: bool) -> str:
    if not isinstance(node.tag, str) or node.tag in NOT_RENDERED:
        return ""
    if not show_hidden and hidden_from_screen_readers_self(node):
        return ""
    if not in_labelledby:
        root = node.getroottree()
        targets = [found[0] for ref in (node.get("aria-labelledby") or "").split()
                   if (found := root.xpath("//*[@id=$v]", v=ref))]
        name = collapse(" ".join(_name(t, True, show_hidden or hidden_from_screen_readers(t), True) for t in targets))
        if name:
            return name
    if label := collapse(node.get("aria-label")):
        return label
    if node.tag == "img" and is_presentational(node):
        return ""
    if host := _host_name(node):
        return host
    if node.tag not in ("img", "svg", "input", "area", "object", "select", "textarea") and (
            recursing or in_labelledby or _aria.role(node) in _aria.NAME_FROM_CONTENT
            or (_aria.role(node) is None and node.tag in ("a", "button", "summary", "label", "legend", "caption"))):
        parts = [node.text or ""]
        for child in node:
            parts += [_name(child, in_labelledby, show_hidden, True), child.tail or ""]
        if text := collapse(" ".join(parts)):
            return text
    return collapse(node.get("title"))


def labelledby_text(el: HtmlElement) -> str:
    """The name the elements `aria-labelledby` points to give (empty when none resolves)."""
    if not (el.get("aria-labelledby") or "").split():
        return ""
    root = el.getroottree()
    targets = [found[0] for ref in el.get("aria-labelledby").split() if (found := root.xpath("//*[@id=$v]", v=ref))]
    return collapse(" ".join(_name(t, True, True, True) for t in targets))


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


def indexable(summary: dict) -> bool:
    """A page search engines may list: an HTML page that answered 200 and is not noindex."""
    return summary["status"] == 200 and summary["is_html"] and not summary["noindex"]


# Other pages a duplicate finding names in its data; `duplicate_count` says how many there are in all. A template
# title shared by 5,000 pages would otherwise put 25 million URLs in findings.jsonl.
LISTED = 20


def same_text_on_several_pages(
        entries: Iterable[tuple[str, str, dict]]) -> Iterator[tuple[str, dict, list[str], int]]:
    """From (url, text, element) entries: (url, element, up to LISTED other URLs, how many other URLs) for each text
    (case and spacing folded) found on two or more URLs; a URL's first element of that text stands for it."""
    groups: dict[str, dict[str, dict]] = defaultdict(dict)
    for url, text, element in entries:
        key = re.sub(r"\s+", " ", text).strip().casefold()
        if key:
            groups[key].setdefault(url, element)
    for members in groups.values():
        if len(members) > 1:
            first = list(islice(members, LISTED + 1))
            for url, element in members.items():
                yield url, element, [u for u in first if u != url][:LISTED], len(members) - 1


def url_list(urls: list[str], total: int | None = None, shown: int = 3) -> str:
    """`a, b, c and 2 more` (`total`: how many there are, when `urls` lists only some)."""
    total = len(urls) if total is None else total
    return ", ".join(urls[:shown]) + (f" and {total - shown} more" if total > shown else "")
