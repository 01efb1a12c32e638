"""What rules see: a parsed page (PageContext) or, for site rules, the compact summaries of all pages."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Iterable, Iterator

import lxml.html
from lxml.html import HtmlElement

from audits.rule import Finding, RuleMeta
from clinicaudit.dom import image_src
from clinicaudit.page import Page
from clinicaudit.schemaorg import Entity, entities
from clinicaudit.urls import strip_credentials_in_text

SNIPPET_MAX = 200
_IDENT = re.compile(r"-?[_a-zA-Z][_a-zA-Z0-9-]*")


def id_counts(el: HtmlElement) -> Counter[str]:
    """How many elements of `el`'s document carry each id."""
    return Counter(el.getroottree().getroot().xpath("//@id"))


def css_path(el: HtmlElement, ids: Counter[str] | None = None) -> str:
    """A CSS selector that matches exactly `el` in its document: the nearest ancestor (or itself) with a unique id,
    then `tag:nth-of-type(n)` steps down to the element. `ids`: the document's `id_counts`, when known."""
    steps: list[str] = []
    node: HtmlElement | None = el
    if ids is None:
        ids = id_counts(el)
    while node is not None and isinstance(node.tag, str):
        node_id = node.get("id")
        if node_id and _IDENT.fullmatch(node_id) and ids[node_id] == 1:
            steps.append(f"#{node_id}")
            break
        parent = node.getparent()
        if parent is None:
            steps.append(node.tag)
            break
        same = [sib for sib in parent if sib.tag == node.tag]
        steps.append(node.tag if len(same) == 1 else f"{node.tag}:nth-of-type({same.index(node) + 1})")
        node = parent
    return " > ".join(reversed(steps))


def snippet(el: HtmlElement) -> str:
    """The element's outer HTML, cut to about 200 characters (children elided first)."""
    html = strip_credentials_in_text(lxml.html.tostring(el, encoding="unicode", with_tail=False))
    if len(html) <= SNIPPET_MAX:
        return html
    return html[: SNIPPET_MAX - 1] + "…"


@dataclass
class PageContext:
    """A page as rules see it: the parsed page, its public URL, the rule options in force."""

    page: Page
    url: str
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    render: dict[str, Any] | None = None  # the record's `render`: how the page was rendered, what only that showed

    @property
    def root(self) -> HtmlElement:
        return self.page.root

    def option(self, meta: RuleMeta, name: str) -> Any:
        return self.options.get(meta.id, {}).get(name, meta.options[name])

    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """A value several rules derive from the page (the heading list, ...), computed once per page."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @cached_property
    def ids(self) -> Counter[str]:
        return id_counts(self.page.root)

    def selector(self, el: HtmlElement) -> str:
        """A CSS selector matching exactly `el` in this page."""
        return css_path(el, self.ids)

    @cached_property
    def entities(self) -> list[Entity]:
        return entities(self.page.structured_data)

    def finding(self, meta: RuleMeta, el: HtmlElement | None, message: str, **data: Any) -> Finding:
        """A finding at `el` (None: the whole page, selector `html`)."""
        if el is None:
            el = self.page.root
        if meta.category == "images" and "src" not in data:
            # the image a finding is about, by its public URL: the report shows it beside the code
            img = el if el.tag == "img" else next(iter(el.iter("img")), None) if isinstance(el.tag, str) else None
            found = image_src(img)[0] if img is not None else None
            if found:
                data["src"] = self.page.public(self.page.absolute(found))
        return Finding(rule=meta.id, category=meta.category, severity=meta.severity, url=self.url,
                       selector=self.selector(el), snippet=snippet(el) if el is not self.page.root else "",
                       message=message, data=data)


@dataclass
class SiteContext:
    """All pages' compact summaries (read from the run's spool, possibly several times) and the site's content."""

    summaries: Callable[[], Iterable[dict[str, Any]]]
    site: dict[str, Any]
    home_url: str
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    traps: list[dict[str, Any]] = field(default_factory=list)  # URL patterns the per-pattern limit cut

    def pages(self) -> Iterator[dict[str, Any]]:
        yield from self.summaries()

    def option(self, meta: RuleMeta, name: str) -> Any:
        return self.options.get(meta.id, {}).get(name, meta.options[name])

    @staticmethod
    def finding(meta: RuleMeta, url: str, selector: str, snippet: str, message: str, **data: Any) -> Finding:
        return Finding(rule=meta.id, category=meta.category, severity=meta.severity, url=url, selector=selector,
                       snippet=strip_credentials_in_text(snippet)[:SNIPPET_MAX], message=message, data=data)
