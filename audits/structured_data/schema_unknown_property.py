"""Items use schema.org properties that exist, on types that take them.

Flags a property of a schema.org item that is not a schema.org property (a typo such as `adress`, a wrong case such
as `Telephone`, an invented name such as `phone` or `openingTimes`), and a real property used on a type outside its
domain: its `domainIncludes` must contain one of the item's types or their ancestors (`telephone` is fine on
`Physiotherapy` because it is an Organization and a Place; `possibleTreatment` belongs on a MedicalCondition, not on
a MedicalClinic). Search engines ignore such properties, so the information they hold is lost. The same check as
the Schema Markup Validator (validator.schema.org).

Every item is checked: `@graph` nodes, nested items, array members; `@id` references carry no properties of their
own. Skipped: JSON-LD keywords (`@id`, `@type`, `@context`, `@graph`…); properties named by a full or compact IRI of
another vocabulary (`http://example.org/rating`, `ex:rating`; schema.org IRIs such as `https://schema.org/name` are
checked) or defined as aliases by the item's own `@context`; Actions' `<property>-input` / `-output` annotations
(Yoast's `query-input`); any property on a Role item (a Role repeats the property it qualifies, e.g. `worksFor`
inside an OrganizationRole); the properties of an item whose type is unknown (`schema-unknown-type` reports it) or
not schema.org. An untyped JSON-LD node under a schema.org context only has its property names checked.

Fail: `{"@type": "MedicalClinic", "phoneNumber": "…"}`, `{"@type": "MedicalClinic", "possibleTreatment": …}`.
Pass: `{"@type": "Physiotherapy", "telephone": "…", "openingHoursSpecification": […]}`,
`{"@type": "MedicalCondition", "possibleTreatment": {"@id": "#therapy"}}`. An `additionalType` that names a schema.org
type (`<link itemprop="additionalType" href="https://schema.org/Event">`, microdata's way to give an item a second
type) adds that type's properties.
"""

from __future__ import annotations

from typing import Iterator

from audits.context import PageContext
from audits.rule import Finding, RuleMeta
from audits.structured_data._items import element_for
from audits.structured_data._values import jsonld_nodes, schema_item, suggestion
from clinicaudit.vocab import vocabulary

META = RuleMeta(
    id="schema-unknown-property",
    category="structured-data",
    severity="warning",
    title="Structured data uses schema.org properties on the right types",
    help="Use the property names schema.org lists for the item's type (check the type's page on schema.org), or "
         "move the property to an item of a type that takes it.",
    help_url="https://validator.schema.org/",
)


def check(ctx: PageContext) -> Iterator[Finding]:
    vocab = vocabulary()
    nodes = jsonld_nodes(ctx)
    for entity in ctx.entities:
        item = schema_item(entity, nodes)
        if not item.schema or (item.foreign and not item.types) or not all(map(vocab.is_type, item.types)):
            continue
        # `additionalType` naming a schema.org type is microdata's and RDFa's way to give an item a second type
        extra = [t for t in (_schema_type(v) for v in entity.props.get("additionalType") or []) if t and vocab.is_type(t)]
        allowed = set().union(*(vocab.ancestors(t) for t in [*item.types, *extra])) if item.types else set()
        label = "/".join(item.types) or "(untyped item)"
        for name in entity.props:
            if ":" in name or name.startswith("@") or name in item.terms:
                continue
            base, _, suffix = name.rpartition("-")
            if suffix in ("input", "output") and base in vocab.properties:
                continue
            prop = vocab.properties.get(name)
            if prop is None:
                hint = suggestion(name, vocab.properties)
                yield ctx.finding(META, element_for(ctx, entity),
                                  f"Property '{name}' of {label} is not a schema.org property{hint}",
                                  type="/".join(item.types), property=name)
            elif allowed and prop["domains"] and "Role" not in allowed and not allowed & set(prop["domains"]):
                domains = ", ".join(sorted(prop["domains"]))
                yield ctx.finding(META, element_for(ctx, entity),
                                  f"Property '{name}' does not apply to {label}: schema.org defines it for {domains}",
                                  type="/".join(item.types), property=name)


def _schema_type(value: object) -> str | None:
    """The schema.org type an `additionalType` value names (`https://schema.org/Event` → Event), else None."""
    text = str(value).strip() if isinstance(value, str) else ""
    for prefix in ("https://schema.org/", "http://schema.org/"):
        if text.startswith(prefix):
            return text[len(prefix):].strip("/") or None
    return None
