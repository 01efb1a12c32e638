"""Where a schema.org item of a page lives in its HTML, so that a finding can point at it."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from audits.context import PageContext
from clinicaudit.schemaorg import Entity
from clinicaudit.structured import jsonld_scripts

_INDEX = re.compile(r"^(json-ld|microdata|rdfa)\[(\d+)\]")


def element_for(ctx: PageContext, entity: Entity) -> HtmlElement:
    """The element that carries `entity` (or its top-level item): the JSON-LD `<script>`, the microdata
    `[itemscope]` element, the RDFa `[typeof]` element; the page itself when it cannot be told."""
    ctx.page.structured_data  # noqa: B018 - parses the JSON-LD, which records each item's script
    m = _INDEX.match(entity.path)
    if not m:
        return ctx.root
    syntax, index = m.group(1), int(m.group(2))
    if syntax == "json-ld":
        sources = ctx.page.jsonld_sources
        scripts = jsonld_scripts(ctx.page)
        if index < len(sources) and sources[index] < len(scripts):
            return scripts[sources[index]]
    elif syntax == "microdata":
        tops = ctx.root.xpath("//*[@itemscope][not(@itemprop)]")
        if index < len(tops):
            return tops[index]
    elif syntax == "rdfa":
        typed = ctx.root.xpath("//*[@typeof]")
        wanted = set(entity.types)
        for el in typed:
            if {t.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in (el.get("typeof") or "").split()} & wanted:
                return el
        if typed:
            return typed[0]
    return ctx.root
