"""A fetched HTML page, parsed once with lxml and shared by extraction and every audit rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from clinicaudit.urls import Scope, normalize_url, strip_credentials

# Text inside these never reaches a reader.
NON_TEXT_TAGS = frozenset({"script", "style", "template", "noscript", "svg", "math", "iframe", "object"})
# parent:: rather than ancestor:: keeps this cheap: the text of a script, style or SVG title is its direct child.
_TEXT_XPATH = lxml.etree.XPath(
    ".//text()[not(parent::script or parent::style or parent::template or parent::noscript or parent::title)]"
)
_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=False, collect_ids=False, huge_tree=False)
# lxml.html picks each element's class in Python (forms and inputs get their own), a callback every time an element
# is touched; nothing here uses the form classes, so every element is an HtmlElement, chosen in C.
_PARSER.set_element_class_lookup(lxml.etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity))


def collapse(text: str | None) -> str:
    """Whitespace runs folded to one space, ends trimmed (str.split's whitespace is the regex \\s: Unicode
    whitespace; five times faster than a regex on long texts)."""
    return " ".join(text.split()) if text else ""


def text_of(el: HtmlElement) -> str:
    """The element's text as a reader sees it, scripts and styles left out, whitespace collapsed."""
    if el.tag in NON_TEXT_TAGS:
        return ""
    if len(el) == 0 or next(el.iterdescendants("script", "style", "template", "noscript", "svg"), None) is None:
        return collapse(el.text_content())
    return collapse(" ".join(_TEXT_XPATH(el)))


def is_hidden(el: HtmlElement) -> bool:
    """Hidden from every reader by `hidden`, `aria-hidden="true"` or an inline display:none, on it or an ancestor."""
    for node in el.iterancestors():
        if _hidden_itself(node):
            return True
    return _hidden_itself(el)


def _hidden_itself(el: HtmlElement) -> bool:
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").strip().lower() == "true":
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


@lru_cache(maxsize=4096)  # a site's menus and footers repeat on every page; more would only hold memory
def _resolve(base: str, href: str) -> str | None:
    """`href` resolved against `base`, normalised, credentials stripped."""
    if not href:
        return None
    try:
        joined = urljoin(base, href)
    except ValueError:
        return strip_credentials(href)
    if joined.split(":", 1)[0].lower() in ("http", "https"):
        try:
            return normalize_url(joined)
        except ValueError:
            return strip_credentials(joined)
    return strip_credentials(joined)


@dataclass
class Page:
    """A parsed HTML page: URL, status, headers, lxml tree; structured data extracted lazily."""

    url: str
    status: int
    headers: dict[str, str]
    html: str
    root: HtmlElement
    scope: Scope | None = None
    parse_error: str | None = None
    base_url: str = field(init=False)
    _absolute: dict[str, str | None] = field(init=False, default_factory=dict, repr=False)
    jsonld_sources: list[int] = field(init=False, default_factory=list, repr=False)

    def __post_init__(self) -> None:
        base = self.root.find(".//base[@href]") if self.root is not None else None
        self.base_url = urljoin(self.url, base.get("href").strip()) if base is not None else self.url

    @classmethod
    def parse(cls, url: str, html: str, headers: dict[str, str] | None = None, status: int = 200,
              scope: Scope | None = None) -> Page:
        """Parse `html` once; a document lxml cannot parse gives an empty page with `parse_error` set."""
        error = None
        cleaned = html.replace("\x00", "\ufffd") if "\x00" in html else html
        if "\x00" in html:
            error = "the document contains null bytes"
        try:
            root = lxml.html.document_fromstring(cleaned.encode("utf-8", "surrogatepass"), parser=_PARSER)
        except (lxml.etree.ParserError, ValueError) as exc:
            error = f"the document could not be parsed as HTML ({exc})" if cleaned.strip() else "the document is empty"
            root = lxml.html.document_fromstring(b"<html><head></head><body></body></html>", parser=_PARSER)
        return cls(url=url, status=status, headers=dict(headers or {}), html=cleaned, root=root, scope=scope,
                   parse_error=error)

    def xpath(self, expr: str, **kw: Any) -> list[Any]:
        return self.root.xpath(expr, **kw)

    def css(self, selector: str) -> list[HtmlElement]:
        return self.root.cssselect(selector)

    def absolute(self, href: str | None) -> str | None:
        """A link target resolved against the page's base URL, normalised, credentials stripped."""
        if href is None:
            return None
        cached = self._absolute.get(href, "")
        if cached != "":
            return cached
        link = href.strip()
        if link.startswith(("http://", "https://")):
            resolved = _resolve("", link)  # the same on every page: cached across pages
        elif link.startswith("/") and not link.startswith("//"):
            resolved = _resolve(self._origin, link)
        else:
            resolved = _resolve(self.base_url, link)
        self._absolute[href] = resolved
        return resolved

    @cached_property
    def _origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}/"

    def public(self, url: str | None) -> str | None:
        """A URL of this site as published (on the production origin of --site-url)."""
        if url is None or self.scope is None:
            return url
        return self.scope.public_url(url)

    def is_internal(self, url: str | None) -> bool:
        return bool(url) and self.scope is not None and self.scope.is_internal(url)

    @cached_property
    def body(self) -> HtmlElement:
        body = self.root.find("body")
        return body if body is not None else self.root

    @cached_property
    def structured_data(self) -> dict[str, Any]:
        from clinicaudit.structured import extract_structured_data

        return extract_structured_data(self)
