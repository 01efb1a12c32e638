"""Shared helpers of the Google rich-result rules (schema-required-property, schema-recommended-property,
nap-mismatch) and of the clinic-markup site rules (clinic-entity-missing, service-markup-missing,
condition-markup-missing).

Items are checked as Google reads them: nodes that share an `@id` on one page are one item (Yoast writes the
clinic once in its `@graph` and refers to it by `@id` elsewhere), and a reference such as `{"@id": "…#org"}` is
resolved to the node it names.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from lxml.html import HtmlElement

from audits.context import PageContext
from audits.structured_data._items import element_for
from clinicaudit.schemaorg import Entity
from clinicaudit.urls import url_key
from clinicaudit.vocab import vocabulary

DOCS = "https://developers.google.com/search/docs/appearance/structured-data/"
LOCAL_BUSINESS, ORGANIZATION, ARTICLE = "local-business", "organization", "article"
BREADCRUMB, FAQ = "breadcrumb", "faq"
# A top-level item: a JSON-LD object (or an element of a top-level array, or an @graph node), a microdata item that
# is no property of another, an RDFa subject no other refers to.
_TOP = re.compile(r"^(json-ld|microdata|rdfa)\[\d+\](\[\d+\])*(/@graph\[\d+\])?$")
_ROOT = re.compile(r"^(json-ld|microdata|rdfa)\[\d+\]")


def families(entity: Entity) -> list[str]:
    """The Google rich-result documents that describe this item: a LocalBusiness type (MedicalClinic,
    Physiotherapy, Dentist, …) is a local business and not also an organization; Article, NewsArticle and
    BlogPosting (and their subtypes, but not other social media postings) are articles."""
    vocab = vocabulary()
    found: list[str] = []
    for t in entity.types:
        if vocab.is_a(t, "LocalBusiness"):
            found.append(LOCAL_BUSINESS)
        elif vocab.is_a(t, "Organization"):
            found.append(ORGANIZATION)
        elif vocab.is_a(t, "BreadcrumbList"):
            found.append(BREADCRUMB)
        elif vocab.is_a(t, "FAQPage"):
            found.append(FAQ)
        elif vocab.is_a(t, "Article") and (vocab.is_a(t, "BlogPosting") or not vocab.is_a(t, "SocialMediaPosting")):
            found.append(ARTICLE)
    if LOCAL_BUSINESS in found:
        found = [f for f in found if f != ORGANIZATION]
    return list(dict.fromkeys(found))


def type_of(entity: Entity, family: str) -> str:
    """The item's type that puts it in `family` (the most specific one written), for messages and `data.type`."""
    for t in entity.types:
        if family in families(Entity(syntax=entity.syntax, types=[t])):
            return t
    return entity.types[0] if entity.types else "Thing"


def present(value: Any) -> bool:
    if isinstance(value, Entity):
        return True
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None


def has(entity: Entity, prop: str) -> bool:
    return any(present(v) for v in entity.props.get(prop) or [])


class Items:
    """A page's items with `@id` duplicates merged, and a resolver for `@id` references."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.all: list[Entity] = []
        self.top: set[int] = set()
        self.by_id: dict[str, Entity] = {}
        self._merged: dict[int, Entity] = {}  # id() of each item as read → its merged item
        for entity in entities:
            merged = self.by_id.get(entity.id) if entity.id else None
            if merged is None:
                merged = Entity(syntax=entity.syntax, types=list(entity.types), path=entity.path, id=entity.id)
                if entity.id:
                    self.by_id[entity.id] = merged
                self.all.append(merged)
            elif entity.types and not merged.types:
                merged.syntax, merged.path = entity.syntax, entity.path
            self._merged[id(entity)] = merged
            merged.types += [t for t in entity.types if t not in merged.types]
            for name, values in entity.props.items():
                kept = merged.props.setdefault(name, [])
                kept += [v for v in values if not any(v is k or _same(v, k) for k in kept)]
            if _TOP.match(entity.path):
                self.top.add(id(merged))

    def typed(self, top_only: bool = False) -> list[Entity]:
        return [e for e in self.all if e.types and (not top_only or id(e) in self.top)]

    def resolve(self, value: Any) -> Any:
        """A nested item as merged here; an `{"@id": …}` reference (or a partial copy): the whole item of that id."""
        if not isinstance(value, Entity):
            return value
        if value.id and value.id in self.by_id:
            return self.by_id[value.id]
        return self._merged.get(id(value), value)

    def values(self, entity: Entity, prop: str) -> list[Any]:
        return [self.resolve(v) for v in entity.props.get(prop) or [] if present(v)]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Entity) or isinstance(b, Entity):
        return isinstance(a, Entity) and isinstance(b, Entity) and a.id is not None and a.id == b.id
    return a == b


def items(ctx: PageContext) -> Items:
    return Items(ctx.entities)


def element(ctx: PageContext, entity: Entity) -> HtmlElement:
    """The element that carries the item's top-level item: its JSON-LD `<script>`, microdata `[itemscope]` or
    RDFa `[typeof]` element (the page when it cannot be told)."""
    m = _ROOT.match(entity.path)
    if m and m.group(0).startswith("rdfa"):
        top = next((e for e in ctx.entities if e.path == m.group(0)), None)
        if top is not None:
            return element_for(ctx, top)
    return element_for(ctx, entity)


# -- site rules -------------------------------------------------------------------------------------------------


_KEPT = ("url", "status", "error", "is_html", "noindex", "redirect_to", "discovered_via", "h1", "clinic_markup",
         "service_markup", "condition_markup", "conditions")


def summaries_by_key(pages: Iterable[dict[str, Any]]) -> dict[bytes, dict[str, Any]]:
    """Every URL's summary by URL key, without its links (the bulk of a summary), so that memory stays small."""
    return {url_key(p["url"]): {k: p.get(k) for k in _KEPT} for p in pages if p.get("url")}


def follow(summaries: dict[bytes, dict[str, Any]], url: str | None, hops: int = 5) -> dict[str, Any] | None:
    """The summary of `url`, through up to `hops` redirects."""
    seen: set[bytes] = set()
    while url and hops >= 0:
        key = url_key(url)
        page = summaries.get(key)
        if page is None or key in seen:
            return page
        seen.add(key)
        if not page.get("redirect_to"):
            return page
        url, hops = page["redirect_to"], hops - 1
    return None


def is_live_html(page: dict[str, Any] | None) -> bool:
    return bool(page) and page["status"] == 200 and page["is_html"] and not page.get("error")


def heading_target(page: dict[str, Any]) -> tuple[str, str]:
    """Selector and snippet of the page's first h1, else the page as a whole."""
    if page.get("h1"):
        return page["h1"][0]["selector"], page["h1"][0]["snippet"]
    return "html", ""
