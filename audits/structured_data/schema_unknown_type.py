"""Items use schema.org types that exist.

Flags each `@type` (microdata `itemtype`, RDFa `typeof`) of a schema.org item that is not a type of the schema.org
vocabulary (release 30.0, with its health-lifesci and pending areas), at the element that carries the item: a typo
(`MedicalClinc`), a wrong case (`medicalClinic`), an invented type (`Clinic`, `PhysioClinic`, `Treatment`). Search
engines drop an item whose type they do not know, with all its properties. The message suggests the nearest type.

Only schema.org terms are judged: a JSON-LD item counts when its `@context` names schema.org (`https://schema.org`,
`http://schema.org`, an `@vocab` on schema.org) or when its `@type` is a full schema.org IRI
(`https://schema.org/Dentist`); a type of another vocabulary (`http://example.org/Clinic`, `ex:Clinic`, microdata on
data-vocabulary.org, RDFa `foaf:Person`) and a JSON-LD item without a schema.org `@context` are not. Terms that are
both a class and an enumeration member (`Physiotherapy`, `Dentistry`…) are types. Nested items (`address`,
`@graph` nodes, array members) are checked like top-level ones.

Fail: `{"@context": "https://schema.org", "@type": "PhysicalTherapyClinic"}`.
Pass: `{"@context": "https://schema.org", "@type": ["MedicalClinic", "Physiotherapy"]}`,
`{"@context": "http://schema.org", "@type": "PhysicalTherapy"}`.
"""

from __future__ import annotations

from typing import Iterator

from audits.context import PageContext
from audits.rule import Finding, RuleMeta
from audits.structured_data._items import element_for
from audits.structured_data._values import jsonld_nodes, schema_item, suggestion
from clinicaudit.vocab import vocabulary

META = RuleMeta(
    id="schema-unknown-type",
    category="structured-data",
    severity="error",
    title="Structured data uses existing schema.org types",
    help="Use a type listed on schema.org (for a clinic: MedicalClinic, Physiotherapy, Dentist, MedicalBusiness; for "
         "a treatment: MedicalTherapy, PhysicalTherapy), spelled with its exact case.",
    help_url="https://schema.org/docs/full.html",
)


def check(ctx: PageContext) -> Iterator[Finding]:
    vocab = vocabulary()
    nodes = jsonld_nodes(ctx)
    for entity in ctx.entities:
        for name in schema_item(entity, nodes).types:
            if vocab.is_type(name):
                continue
            hint = suggestion(name, vocab.parents)
            yield ctx.finding(META, element_for(ctx, entity),
                              f"Type '{name}' is not a schema.org type{hint}", type=name)
