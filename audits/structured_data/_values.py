"""Helpers of the schema.org rules (structured-data-missing, schema-unknown-type, schema-unknown-property,
schema-invalid-value): which items are schema.org items, and checks of single values.

`Entity` keeps only local names, so a JSON-LD item is judged from the raw JSON-LD: its (inherited) `@context` must
name schema.org, or its `@type` be a schema.org IRI. Microdata and RDFa types are IRIs: one still holding a `:` after
`local_name` belongs to another vocabulary.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Iterable

from audits.context import PageContext
from clinicaudit.schemaorg import Entity
from clinicaudit.structured import SCHEMA_CONTEXT
from clinicaudit.vocab import local_name

SCHEMA_IRI = re.compile(r"^(?:https?://(?:www\.)?schema\.org/|schema:)")


Context = tuple[bool, frozenset]  # bare terms are schema.org terms; terms the context defines itself


@dataclass
class SchemaItem:
    schema: bool  # a schema.org item (its terms are schema.org terms)
    types: list[str]  # its schema.org types, local names (unknown ones included)
    foreign: bool  # it also has types of another vocabulary
    terms: frozenset = frozenset()  # terms its JSON-LD @context defines (aliases: not judged)


def active_context(node: dict[str, Any], inherited: Context) -> Context:
    """The context in force in `node` (JSON-LD 1.1 context processing, simplified): bare terms are schema.org terms
    after a string context or an `@vocab` naming schema.org; a dict context's own terms are aliases; `null` resets."""
    if "@context" not in node:
        return inherited
    schema, terms = inherited
    context = node["@context"]
    for part in context if isinstance(context, list) else [context]:
        if part is None:
            schema, terms = False, frozenset()
        elif isinstance(part, str):
            schema = bool(SCHEMA_CONTEXT.match(part.strip()))
        elif isinstance(part, dict):
            if "@vocab" in part:
                vocab = part["@vocab"]
                schema = isinstance(vocab, str) and bool(SCHEMA_CONTEXT.match(vocab.strip()))
            terms = terms | {k for k in part if not k.startswith("@")}
    return schema, terms


def context_is_schema(node: dict[str, Any], inherited: bool) -> bool:
    return active_context(node, (inherited, frozenset()))[0]


def jsonld_nodes(ctx: PageContext) -> dict[str, tuple[dict[str, Any], Context]]:
    """Each JSON-LD node object by its Entity path (built as `clinicaudit.schemaorg` builds paths), with the context
    in force in it."""
    out: dict[str, tuple[dict[str, Any], Context]] = {}

    def node(value: dict[str, Any], path: str, context: Context, depth: int) -> None:
        if depth > 50:
            return
        context = active_context(value, context)
        out.setdefault(path, (value, context))
        reverse = value.get("@reverse")
        for key, raw in (reverse.items() if isinstance(reverse, dict) else ()):
            for i, v in enumerate(raw if isinstance(raw, list) else [raw]):
                if isinstance(v, dict):
                    node(v, f"{path}/@reverse/{local_name(key)}[{i}]", context, depth + 1)
        for key, raw in value.items():
            if key.startswith("@"):
                continue
            values = raw if isinstance(raw, list) else [raw]
            for i, v in enumerate(values):
                if isinstance(v, dict) and "@value" not in v and any(k == "@type" or k[:1] != "@" for k in v):
                    node(v, f"{path}/{local_name(key)}" + (f"[{i}]" if len(values) > 1 else ""), context, depth + 1)

    def top(item: Any, path: str, context: Context) -> None:
        if isinstance(item, list):
            for i, sub in enumerate(item):
                top(sub, f"{path}[{i}]", context)
            return
        if not isinstance(item, dict):
            return
        context = active_context(item, context)
        graph = item.get("@graph")
        if isinstance(graph, list):
            for i, sub in enumerate(graph):
                top(sub, f"{path}/@graph[{i}]", context)
        node(item, path, context, 0)

    for index, item in enumerate(ctx.page.structured_data.get("json-ld") or []):
        top(item, f"json-ld[{index}]", (False, frozenset()))
    return out


def schema_item(entity: Entity, nodes: dict[str, tuple[dict[str, Any], Context]]) -> SchemaItem:
    if entity.syntax == "json-ld":
        node, (in_schema, terms) = nodes.get(entity.path, ({}, (False, frozenset())))
        raw = node.get("@type", [])
        raw = [t.strip() for t in (raw if isinstance(raw, list) else [raw]) if isinstance(t, str)]
        mine = [t for t in raw if SCHEMA_IRI.match(t) or (in_schema and ":" not in t and t not in terms)]
        return SchemaItem(in_schema or bool(mine), [local_name(t) for t in mine], len(mine) < len(raw), terms)
    mine = [t for t in entity.types if ":" not in t]
    return SchemaItem(bool(mine), mine, len(mine) < len(entity.types))


def suggestion(name: str, known: Iterable[str]) -> str:
    """` (did you mean 'X'?)` for a near miss (case or a typo), else ``."""
    known = [k for k in known if ":" not in k]
    by_case = {k.lower(): k for k in known}
    match = by_case.get(name.lower()) or next(iter(difflib.get_close_matches(name, known, n=1, cutoff=0.9)), None)
    return f" (did you mean '{match}'?)" if match else ""


def show(value: Any, limit: int = 80) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- single values -------------------------------------------------------------------------------------------------

def is_url(value: str) -> bool:
    """An absolute http(s) URL, or a path on the site (`/contact`, `//cdn.example/x.png`)."""
    value = value.strip()
    m = re.match(r"https?://([^\s/?#]+)(?:[/?#]\S*)?$", value, re.I)
    return bool(m and re.search(r"[A-Za-z0-9]", m.group(1))) or (value.startswith("/") and not re.search(r"\s", value))


DAYS_OF_WEEK = {d.lower(): d for d in
                ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "PublicHolidays")}


def day_of_week(value: Any) -> str | None:
    """The DayOfWeek member a value names (`Monday`, `https://schema.org/Monday`, GoodRelations' `gr:Monday`)."""
    if isinstance(value, Entity):
        if value.id:
            return day_of_week(value.id)
        return day_of_week(value.text("name")) if "DayOfWeek" in value.types else None
    if not isinstance(value, str):
        return None
    return DAYS_OF_WEEK.get(re.split(r"[#/:]", value.strip())[-1].lower())


def number(value: Any) -> float | None:
    """A number, or text holding one (`53.5184`); None for anything else (booleans, NaN, `53.5° N`)."""
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*", value):
        return float(value)
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value == value
    return float(value) if ok else None
