"""Rich-result items have the properties Google recommends for them.

Page rule, notices only: a missing recommended property does not stop a rich result, but Google uses these
properties to fill the knowledge panel, the map pin, the hours and the call button. One notice per missing
property, at the element that carries the item, with `data` `{"type", "property"}`. The lists are Google's
"Recommended properties", kept to those that apply to a clinic:

- **LocalBusiness** and subtypes (`MedicalClinic`, `Physiotherapy`, `Dentist`, …): `telephone`, `url`, `geo`
  (with `geo.latitude` and `geo.longitude`), `openingHoursSpecification` (each with `opens`, `closes`, and
  `dayOfWeek` unless it is a dated `validFrom`/`validThrough` exception), `priceRange`; `menu` and
  `servesCuisine` for a `FoodEstablishment` only. Google recommends `aggregateRating` and `review` *only for sites
  that capture reviews about other local businesses* — a clinic rating itself is a self-serving review that
  Google does not show — and `department` only for a business with departments, so neither is asked for.
  `openingHours` text does not stand in for `openingHoursSpecification`, which is the property Google documents.
  Option `local-business-properties` replaces the top-level list (add `image` to ask for a photo).
- **Organization** (not a local business): of Google's list (`address`, `alternateName`, `contactPoint`,
  `description`, `duns`, `email`, `foundingDate`, `globalLocationNumber`, `iso6523Code`, `legalName`,
  `leiCode`, `logo`, `naics`, `numberOfEmployees`, `sameAs`, `taxID`, `telephone`, `url`, `vatID`, "add the
  properties that apply"), the ones every clinic has: `address`, `description`, `email`, `logo`, `sameAs`,
  `telephone`, `url`. Option `organization-properties` replaces that list (e.g. to add `legalName` or `vatID`).
  Checked on the home page and on a page marked `AboutPage` or `ContactPage` only: that is where Google looks
  for the organization, and a plugin's copy of it on every other page need not repeat everything.
- **Article**, `NewsArticle`, `BlogPosting`: `author` (each with `name` and `url`), `datePublished`,
  `dateModified`, `headline`, `image`.
- **FAQPage**: one notice per FAQPage item that FAQ rich results are only shown for well-known, authoritative
  government and health websites (Google has also announced their retirement in 2026), so the markup is unlikely
  to give a rich result; it may still help search engines understand the page.

Items are read as in `schema-required-property` (`@id` nodes merged, references resolved). Local businesses,
organizations and articles are checked where they are items of their own (top level, `@graph`, or an article as
a page's `mainEntity`), not where another item mentions them (a `publisher`, a `citation`).

Fail: a `MedicalClinic` with name and address only (notices for `telephone`, `url`, `geo`,
`openingHoursSpecification`, `priceRange`). Pass: a `Physiotherapy` with name, address, telephone, url,
openingHoursSpecification, geo and priceRange.

Sources: https://developers.google.com/search/docs/appearance/structured-data/local-business,
…/organization, …/article, …/faqpage ("FAQ rich results are only available for well-known, authoritative websites
that are government-focused or health-focused").
"""

from __future__ import annotations

from typing import Iterator
from urllib.parse import urlsplit

from audits.context import PageContext
from audits.rule import Finding, RuleMeta
from audits.structured_data._google import (ARTICLE, DOCS, FAQ, LOCAL_BUSINESS, ORGANIZATION, Items, element,
                                            families, has, items, type_of)
from clinicaudit.schemaorg import Entity
from clinicaudit.vocab import vocabulary

META = RuleMeta(
    id="schema-recommended-property",
    category="structured-data",
    severity="notice",
    title="Rich-result items have the properties Google recommends",
    help="Add the property if the clinic has it (phone, website, coordinates, opening hours, price range, logo, "
         "social profiles); Google shows these in the knowledge panel and local results.",
    options={"local-business-properties": ["telephone", "url", "geo", "openingHoursSpecification", "priceRange"],
             "organization-properties": ["address", "description", "email", "logo", "sameAs", "telephone", "url"]},
    help_url=DOCS + "local-business",
)
ARTICLE_PROPERTIES = ("author", "datePublished", "dateModified", "headline", "image")


def check(ctx: PageContext) -> Iterator[Finding]:
    page = items(ctx)
    main_entities = {id(page.resolve(v)) for e in page.typed(top_only=True) for v in e.props.get("mainEntity") or []}
    organization_page = urlsplit(ctx.url).path in ("", "/") or any(
        t in ("AboutPage", "ContactPage") for e in page.typed() for t in e.types)
    for entity in page.typed():
        own = id(entity) in page.top or id(entity) in main_entities
        for family in families(entity):
            if family == FAQ:
                yield ctx.finding(META, element(ctx, entity), "FAQ rich results are shown only for well-known, "
                                  "authoritative government and health websites (and Google has announced their "
                                  "retirement), so this FAQPage markup is unlikely to give a rich result",
                                  type=type_of(entity, FAQ))
                continue
            if not own:
                continue
            t = type_of(entity, family)
            if family == LOCAL_BUSINESS:
                missing = list(_local_business(entity, page, ctx.option(META, "local-business-properties")))
            elif family == ORGANIZATION and organization_page:
                missing = [p for p in ctx.option(META, "organization-properties") if not has(entity, p)]
            elif family == ARTICLE:
                missing = list(_article(entity, page))
            else:
                continue
            for prop in missing:
                yield ctx.finding(META, element(ctx, entity), _message(t, prop, entity), type=t, property=prop)


def _message(t: str, prop: str, entity: Entity) -> str:
    if "." in prop:
        parent, sub = prop.split(".", 1)
        return f"The {t} item's {parent} has no {sub}, which Google recommends"
    if prop == "openingHoursSpecification" and has(entity, "openingHours"):
        return (f"The {t} item gives its hours as openingHours text; Google documents (and recommends) "
                "openingHoursSpecification")
    return f"The {t} item has no {prop}, which Google recommends"


def _local_business(entity: Entity, page: Items, wanted: list[str]) -> Iterator[str]:
    wanted = list(wanted)
    if any(vocabulary().is_a(t, "FoodEstablishment") for t in entity.types):
        wanted += [p for p in ("menu", "servesCuisine") if p not in wanted]
    for prop in wanted:
        if not has(entity, prop):
            yield prop
            continue
        values = [v for v in page.values(entity, prop) if isinstance(v, Entity)]
        if prop == "geo":
            for sub in ("latitude", "longitude"):
                if values and not any(has(v, sub) for v in values):
                    yield f"geo.{sub}"
        elif prop == "openingHoursSpecification":
            for sub in ("dayOfWeek", "opens", "closes"):
                if any(not has(v, sub) and (sub != "dayOfWeek" or not (has(v, "validFrom") or has(v, "validThrough")))
                       for v in values):
                    yield f"openingHoursSpecification.{sub}"


def _article(entity: Entity, page: Items) -> Iterator[str]:
    for prop in ARTICLE_PROPERTIES:
        if not has(entity, prop):
            yield prop
    authors = [a for a in page.values(entity, "author") if isinstance(a, Entity)]
    for sub in ("name", "url"):
        if any(not has(a, sub) for a in authors):
            yield f"author.{sub}"
