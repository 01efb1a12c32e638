"""Items that can earn a Google rich result have every property Google requires for it.

Page rule. Google shows a rich result only for an item that has the properties its Search Central page marks
*required*; an item without one is invalid for that feature (a critical issue in the Rich Results Test). This
rule checks exactly Google's required lists for the features a clinic site can get, and nothing that Google
only recommends or that SEO folklore calls required:

| item type | required by Google |
| --- | --- |
| `LocalBusiness` and every subtype (`MedicalClinic`, `Physiotherapy`, `Dentist`, `MedicalBusiness`, …) | `name`, `address` |
| `BreadcrumbList` | `itemListElement`; each `ListItem`: `position`, `name` (a named `item` will do), `item` except on the last crumb |
| `FAQPage` | `mainEntity`; each `Question`: `name` and `acceptedAnswer`, an `Answer` with `text` |
| `Organization` (`MedicalOrganization`, `Corporation`, …) | nothing: every property is recommended |
| `Article`, `NewsArticle`, `BlogPosting` | nothing: every property is recommended |

`telephone`, `url`, `image`, `logo`, `geo`, `openingHoursSpecification`, `headline` or `author` are therefore never
errors here; `schema-recommended-property` reports the recommended ones Google lists, as notices.

How items are read: JSON-LD, microdata and RDFa alike (a JSON-LD `@reverse` makes the items it lists point at the
item that holds it); nodes that share an `@id` on the page are one item and an
`{"@id": …}` reference counts as the node it names (so Yoast's `@graph` is read as Google reads it). A property
counts as present when it has any non-empty value — whether the value is valid is `schema-invalid-value`'s
question. Local businesses are checked where they are listed as items of their own (top level or `@graph`), not
where another item only mentions one (a therapy's inline `provider`). The last crumb is the one with the
highest `position` (document order when positions are missing). Each missing property is one error at the
element that carries the item (its JSON-LD `<script>`, microdata `[itemscope]` or RDFa `[typeof]` element), with
`data` `{"type", "property"}` naming the item that lacks it (`ListItem`, `Question`, `Answer` for nested ones).

Fail: `{"@type": "Physiotherapy", "name": "Valley Physio"}` (no `address`); a `ListItem` `{"position": 1,
"name": "Home"}` before the last crumb (no `item`); a `Question` without `acceptedAnswer`.
Pass: `{"@type": "Organization", "name": "Valley Physio"}`; a `BreadcrumbList` whose last crumb has no `item`;
a `MedicalClinic` with a `name` and a `PostalAddress`.

Sources, Google Search Central's structured data pages (`…/local-business`: required address and name;
`…/breadcrumb`; `…/faqpage`; `…/organization` and `…/article`: no required properties) under
https://developers.google.com/search/docs/appearance/structured-data/.
"""

from __future__ import annotations

from typing import Iterator

from audits.context import PageContext
from audits.rule import Finding, RuleMeta
from audits.structured_data._google import (BREADCRUMB, DOCS, FAQ, LOCAL_BUSINESS, Items, element, families, has,
                                            items, type_of)
from clinicaudit.schemaorg import Entity

META = RuleMeta(
    id="schema-required-property",
    category="structured-data",
    severity="error",
    title="Rich-result items have the properties Google requires",
    help="Add the missing property to the item (a local business needs its name and PostalAddress; every breadcrumb "
         "but the last needs the URL of its page). Check the result with Google's Rich Results Test.",
    help_url=DOCS + "search-gallery",
)

Problem = tuple[str, str, str]  # (type, property, message)


def check(ctx: PageContext) -> Iterator[Finding]:
    page = items(ctx)
    for entity in page.typed():
        for family in families(entity):
            if family == LOCAL_BUSINESS and id(entity) in page.top:
                problems = _local_business(entity)
            elif family == BREADCRUMB:
                problems = _breadcrumb(entity, page)
            elif family == FAQ:
                problems = _faq(entity, page)
            else:
                continue
            for type_, prop, message in problems:
                yield ctx.finding(META, element(ctx, entity), message, type=type_, property=prop)


def _local_business(entity: Entity) -> Iterator[Problem]:
    t = type_of(entity, LOCAL_BUSINESS)
    for prop in ("name", "address"):
        if not has(entity, prop):
            yield t, prop, (f"The {t} item has no {prop}: Google requires a name and an address (a PostalAddress) "
                            "for a local business")


def _position(crumb: Entity) -> int | None:
    try:
        return int(float(str(crumb.first("position")).strip()))
    except (TypeError, ValueError):
        return None


def _breadcrumb(entity: Entity, page: Items) -> Iterator[Problem]:
    values = page.values(entity, "itemListElement")
    if not values:
        yield "BreadcrumbList", "itemListElement", "The BreadcrumbList has no itemListElement (its crumbs)"
        return
    crumbs = [v for v in values if isinstance(v, Entity)]
    if crumbs and all(_position(c) is not None for c in crumbs):
        crumbs.sort(key=_position)
    for index, crumb in enumerate(crumbs, 1):
        item = next(iter(page.values(crumb, "item")), None)
        name = crumb.text("name") or (item.text("name") if isinstance(item, Entity) else None)
        label = f"Breadcrumb {name!r}" if name else f"Breadcrumb number {index}"
        if _position(crumb) is None:
            yield "ListItem", "position", f"{label} has no position (1 for the first crumb, then 2, 3, …)"
        if not has(crumb, "name") and not (isinstance(item, Entity) and has(item, "name")):
            yield "ListItem", "name", f"{label} has no name: Google shows the crumb by its name"
        if item is None and index < len(crumbs):
            yield "ListItem", "item", f"{label} has no item (the URL of its page); only the last crumb may omit it"


def _faq(entity: Entity, page: Items) -> Iterator[Problem]:
    questions = page.values(entity, "mainEntity")
    if not questions:
        yield "FAQPage", "mainEntity", "The FAQPage has no mainEntity: Google requires its Question items"
        return
    for index, question in enumerate(questions, 1):
        if not isinstance(question, Entity):
            continue
        label = f"Question {question.text('name')!r}" if has(question, "name") else f"Question {index}"
        if not has(question, "name"):
            yield "Question", "name", f"{label} of the FAQPage has no name (the full text of the question)"
        answers = page.values(question, "acceptedAnswer")
        if not answers:
            yield "Question", "acceptedAnswer", f"{label} of the FAQPage has no acceptedAnswer"
        elif not any(isinstance(a, Entity) and has(a, "text") for a in answers):
            yield "Answer", "text", f"The acceptedAnswer of {label} has no text (an Answer item with the full answer)"
