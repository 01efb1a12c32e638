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
        if _DISPLAY_NONE.search(node.get("style") or ""):
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


NOT_RENDERED = ("script", "style", "template", "noscript")


def name_from_attributes(el: HtmlElement, host: str = "") -> str:
    """An element's accessible name from its attributes, in accname 1.2's order: `aria-labelledby` (when it
    resolves; hidden targets count), `aria-label`, the host language's own (`host`: an alt, a label's text), then
    `title`. For elements not named from their content (role="img", input type=image, area, object)."""
    return labelledby_text(el) or collapse(el.get("aria-label")) or collapse(host) or collapse(el.get("title"))


def label_text(el: HtmlElement) -> str:
    """The text of the `<label>`s of a form control: the one wrapping it and those whose `for` is its id."""
    parts = [text_of(label) for label in el.iterancestors("label")]
    ident = el.get("id")
    if ident:
        parts += [text_of(label) for label in el.getroottree().xpath("//label[@for=$v]", v=ident)]
    return collapse(" ".join(parts))


def link_name(a: HtmlElement) -> str:
    """A link's accessible name (accname 1.2): see `accessible_name`."""
    return accessible_name(a)


def accessible_name(el: HtmlElement) -> str:
    """The accessible name of a link (or any element named from its content): aria-labelledby, aria-label, the
    content (text, image alts, svg titles, descendants' own names, hidden parts left out), title."""
    return _name(el, in_labelledby=False, show_hidden=False)


def _name(node: HtmlElement, in_labelledby: bool, show_hidden: bool) -> str:
    if not isinstance(node.tag, str) or node.tag in NOT_RENDERED:
        return ""
    if not show_hidden and hidden_from_screen_readers_self(node):
        return ""
    if not in_labelledby:
        root = node.getroottree()
        targets = [found[0] for ref in (node.get("aria-labelledby") or "").split()
                   if (found := root.xpath("//*[@id=$v]", v=ref))]
        name = collapse(" ".join(_name(t, True, show_hidden or hidden_from_screen_readers(t)) for t in targets))
        if name:
            return name
    if label := collapse(node.get("aria-label")):
        return label
    if node.tag == "img":
        return "" if is_presentational(node) else collapse(node.get("alt")) or collapse(node.get("title"))
    if node.tag == "svg":
        title = next((child for child in node if child.tag == "title"), None)
        return text_of(title) if title is not None else ""
    parts = [node.text or ""]
    for child in node:
        parts += [_name(child, in_labelledby, show_hidden), child.tail or ""]
    return collapse(" ".join(parts)) or collapse(node.get("title"))


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
