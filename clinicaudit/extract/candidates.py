"""Typed candidates: what one page offers as evidence (written to the work spool during the crawl, read back once
the whole site is known), and the signals a site-level decision records."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from clinicaudit.extract.conditions import Item, ItemGroup
from clinicaudit.extract.menus import MenuLink


def _plain(value: Any) -> Any:
    """A dataclass tree as JSON-ready dicts and lists (its leaves are str, int, float, bool, None, dict)."""
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(v) for k, v in value.__dict__.items() if k[0] != "_"}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@dataclass
class Signal:
    """One piece of evidence and its weight (negative weights count against)."""

    signal: str
    weight: float
    detail: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"signal": self.signal, "weight": self.weight}
        if self.detail:
            out["detail"] = self.detail
        return out


@dataclass
class Section:
    heading: str
    level: int
    lines: list[str]
    anchor: str | None = None
    links: list[str] = field(default_factory=list)


@dataclass
class Feature:
    title: str
    text: str
    images: list[str]
    linked: bool


@dataclass
class PageEvidence:
    url: str
    path: str
    title: str | None
    h1: str | None
    lang: str | None
    region: str | None  # the site's country for national phone numbers (domain, lang, hreflang)
    canonical: str | None
    meta_description: str | None
    intro: str
    summary: str | None
    alias_text: str
    benefits: list[str]
    sections: list[Section]
    images: list[dict[str, Any]]
    features: list[Feature]
    menu_links: list[MenuLink]
    main_links: list[str]
    groups: list[ItemGroup]
    markup_services: list[dict[str, Any]]
    markup_conditions: list[dict[str, Any]]
    page_types: list[str]  # the schema.org types of the items that describe the page itself
    is_article: bool
    clinic_markup: list[dict[str, Any]]
    contact: dict[str, Any]
    organization: dict[str, str] | None  # the markup's Organization (a site's publisher): {"name", "syntax"}
    og_site_name: str | None
    logo_alt: str | None
    paragraphs: list[str]
    skeleton: str = ""  # the layout of the main content's top-level blocks (see `page.skeleton`)
    menu_sections: list[MenuLink] = field(default_factory=list)  # links outside the content to a page's section

    def as_dict(self) -> dict[str, Any]:
        return _plain(self)  # (dataclasses.asdict deep-copies every value: 2.5 ms a page)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PageEvidence:
        values = {f.name: data.get(f.name) for f in fields(cls)}
        values["sections"] = [Section(**s) for s in values["sections"] or []]
        values["features"] = [Feature(**f) for f in values["features"] or []]
        values["menu_links"] = [MenuLink(**m) for m in values["menu_links"] or []]
        values["menu_sections"] = [MenuLink(**m) for m in values["menu_sections"] or []]
        values["groups"] = [ItemGroup(**{**g, "items": [Item(**i) for i in g["items"]]}) for g in values["groups"] or []]
        for name in ("main_links", "markup_services", "markup_conditions", "page_types", "clinic_markup", "paragraphs",
                     "benefits", "images"):
            values[name] = values[name] or []
        values["contact"] = values["contact"] or {}
        return cls(**values)
