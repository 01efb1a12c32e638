"""Pages carry schema.org structured data.

A notice on an HTML page that has no schema.org item at all: no JSON-LD item that parses and is in the schema.org
vocabulary, no microdata item and no RDFa node with a schema.org type. Search engines read schema.org markup (Google
supports JSON-LD, microdata and RDFa alike) to understand what a page is about — for a clinic: the business, its
address and hours, its services; without it the page gives them nothing but its text. A page-level finding.

What counts as schema.org: a JSON-LD item whose `@context` names schema.org (`https://schema.org`,
`http://schema.org/`, `{"@vocab": "https://schema.org/"}`) or whose `@type` is a schema.org IRI, anywhere in the
script (`@graph`, nested items, arrays); a microdata `itemtype` or RDFa `typeof` on schema.org. What does not: Open
Graph tags, a JSON-LD script that does not parse (`jsonld-syntax` reports it), JSON-LD without a schema.org
`@context`, microdata on data-vocabulary.org, RDFa in another vocabulary (FOAF, Dublin Core). The message says which
of these the page has instead.

Fail: a page with only `<meta property="og:title" …>`, or only a broken JSON-LD script.
Pass: `<script type="application/ld+json">{"@context": "https://schema.org", "@type": "MedicalClinic", …}</script>`,
`<div itemscope itemtype="https://schema.org/Physiotherapy">…</div>`,
`<div vocab="https://schema.org/" typeof="MedicalClinic">…</div>`.
"""

from __future__ import annotations

from typing import Any, Iterator

from audits.context import PageContext
from audits.rule import Finding, RuleMeta
from audits.structured_data._values import SCHEMA_IRI, context_is_schema

META = RuleMeta(
    id="structured-data-missing",
    category="structured-data",
    severity="notice",
    title="Pages have schema.org structured data",
    help="Add schema.org JSON-LD to the page: at least the clinic (MedicalClinic, Physiotherapy, Dentist…) with its "
         "name, address, telephone and hours, and the service the page describes (MedicalTherapy).",
    help_url="https://developers.google.com/search/docs/appearance/structured-data/intro-structured-data",
)


def _jsonld_types(value: Any, schema: bool) -> Iterator[str]:
    """The schema.org types anywhere in a parsed JSON-LD value, under the (inherited) @context."""
    if isinstance(value, list):
        for sub in value:
            yield from _jsonld_types(sub, schema)
    elif isinstance(value, dict):
        schema = context_is_schema(value, schema)
        raw = value.get("@type", [])
        for t in raw if isinstance(raw, list) else [raw]:
            if isinstance(t, str) and (SCHEMA_IRI.match(t.strip()) or (schema and ":" not in t)):
                yield t
        for key, sub in value.items():
            if key != "@context":
                yield from _jsonld_types(sub, schema)


def _microdata_types(item: Any) -> Iterator[str]:
    if isinstance(item, list):
        for sub in item:
            yield from _microdata_types(sub)
    elif isinstance(item, dict):
        raw = item.get("type") or []
        yield from (t for t in (raw if isinstance(raw, list) else [raw]) if isinstance(t, str))
        for sub in (item.get("properties") or {}).values():
            yield from _microdata_types(sub)


def check(ctx: PageContext) -> Iterator[Finding]:
    data = ctx.page.structured_data
    jsonld = data.get("json-ld") or []
    if any(True for _ in _jsonld_types(jsonld, False)):
        return
    microdata = list(_microdata_types(data.get("microdata") or []))
    if any(SCHEMA_IRI.match(t.strip()) for t in microdata):
        return
    rdfa = [t for node in data.get("rdfa") or [] if isinstance(node, dict)
            for t in node.get("@type") or [] if isinstance(t, str)]
    if any(SCHEMA_IRI.match(t) for t in rdfa):
        return
    found = []
    broken = [e for e in data.get("errors") or [] if e.get("syntax") == "json-ld"]
    if broken:
        scripts = "1 JSON-LD script that does" if len(broken) == 1 else f"{len(broken)} JSON-LD scripts that do"
        found.append(f"{scripts} not parse (see jsonld-syntax)")
    if jsonld:
        with_context = any(isinstance(i, dict) and context_is_schema(i, False) for i in jsonld)
        found.append("JSON-LD items with no @type" if with_context else "JSON-LD without a schema.org @context")
    if microdata:
        found.append(f"microdata of another vocabulary ({', '.join(sorted(set(microdata)))[:120]})")
    if rdfa:
        found.append(f"RDFa of another vocabulary ({', '.join(sorted(set(rdfa)))[:120]})")
    if data.get("opengraph"):
        found.append("Open Graph tags, which are not schema.org")
    detail = f"; it has only {' and '.join(found)}" if found else ""
    yield ctx.finding(META, None, f"The page has no schema.org item (JSON-LD, microdata or RDFa){detail}",
                      type="", jsonld_errors=len(broken))
