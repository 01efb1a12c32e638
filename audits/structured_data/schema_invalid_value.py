"""Structured-data values have the right form.

Flags a value of a schema.org item whose form is clearly wrong for its property, at the element that carries the
item. Google and other consumers drop such values (an opening-hours string they cannot read shows no hours; a
`sameAs` without a scheme links nowhere). Checked, on every item (nested ones, `@graph` nodes, array members) of
the schema.org vocabulary:

- URLs — `url`, `sameAs`, `image` and `logo` when given as text, `hasMap`, `contentUrl`, `thumbnailUrl`: an
  absolute `http(s)://` URL or a path on the site (`/contact`); not `www.example.com`, `facebook.com/clinic` (a
  host without its scheme), `mailto:` or an empty string. A relative URL in JSON-LD (`logo.png`,
  `team/anna.html`) is resolved against the page, as Google does, and reported only as a notice that an absolute
  URL is safer (microdata and RDFa URLs are resolved as they are read).
- `telephone`: not empty and at least 7 digits (`+1-780-555-0123`, `(780) 555-0123`; not `555-CALL` or `TBD`).
- `email`: contains an `@`.
- dates — every property whose range is only Date/DateTime (`datePublished`, `dateModified`, `birthDate`,
  `foundingDate`, `startDate`, `endDate`, `validFrom`, `validThrough`…): an ISO 8601 calendar date `2023-05-10`
  (or `2023-05`, `2023`), optionally with a time `2023-05-10T17:02:41+00:00`; not `May 10, 2023`, `10/05/2023`,
  `2023-02-30`, or a space instead of `T`.
- `openingHours`: schema.org's format — day tokens `Mo Tu We Th Fr Sa Su`, ranges `Mo-Fr` and comma lists
  `Tu,Th`, then optional 24-hour times `hh:mm-hh:mm` (`Mo-Fr 08:00-18:00`, `Sa 09:00-12:00`, `Mo-Su`); several
  such groups in one string are accepted. Not `Mon-Fri 9am-5pm`.
- `opens` / `closes` (OpeningHoursSpecification): `hh:mm` or `hh:mm:ss` (optional zone); not `9:00 AM`.
- `dayOfWeek`: a DayOfWeek member, `Monday` or `https://schema.org/Monday` (`http://`, `schema:` and GoodRelations
  IRIs too); not `Mon`, `Mo` or `Weekdays`.
- `priceRange`: at most 100 characters (option `max-price-range`); Google ignores longer ones.
- `latitude` / `longitude` (GeoCoordinates, Place): a number, or text holding one, within ±90 / ±180; `geo`
  given as text instead of a GeoCoordinates item.

Fail: `"openingHours": "Mon to Fri 9-5"`, `"telephone": ""`, `"datePublished": "10/05/2023"`.
Pass: `"openingHours": ["Mo-Fr 07:00-20:00", "Sa 09:00-15:00"]`, `"telephone": "+1-780-555-0123"`,
`"datePublished": "2023-05-10T17:02:41+00:00"`, `"dayOfWeek": "https://schema.org/Monday"`.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from functools import lru_cache
from typing import Any, Iterator

from audits.context import PageContext
from audits.rule import Finding, RuleMeta
from audits.structured_data._items import element_for
from audits.structured_data._values import day_of_week, is_url, jsonld_nodes, number, schema_item, show
from clinicaudit.schemaorg import Entity
from clinicaudit.vocab import vocabulary

META = RuleMeta(
    id="schema-invalid-value",
    category="structured-data",
    severity="warning",
    title="Structured-data values have the right form",
    help="Write the value in the form schema.org and Google expect: absolute URLs, ISO 8601 dates, 'Mo-Fr 09:00-17:00' "
         "opening hours, hh:mm times, DayOfWeek names, numeric coordinates.",
    options={"max-price-range": 100},
    help_url="https://developers.google.com/search/docs/appearance/structured-data/local-business",
)

_DAYS = re.compile(r"(?:mo|tu|we|th|fr|sa|su)(?:-(?:mo|tu|we|th|fr|sa|su))?", re.I)
_HOURS = re.compile(r"(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)-(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)")
TIME = re.compile(r"^(?:(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?|24:00(?::00)?)(?:Z|[+-]\d{2}:?\d{2})?$")
URL_PROPERTIES = frozenset({"url", "sameAs", "image", "logo", "hasMap", "contentUrl", "thumbnailUrl"})
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?"
                  r"(?:([T ])(?:[01]\d|2[0-3]):[0-5]\d(?::(?:[0-5]\d|60)(?:[.,]\d+)?)?"
                  r"(Z|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?)?$")


def date_problem(value: str) -> str | None:
    """None for an ISO 8601 calendar date or date-time (`2023-05-10`, `2023-05`, `2023-05-10T17:02:41+00:00`);
    else what is wrong."""
    m = _ISO.match(value.strip())
    if not m:
        return "is not an ISO 8601 date (YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss with a time)"
    year, month, day, sep, _ = m.groups()
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return "is not a real calendar date"
    if sep and day is None:
        return "has a time but no full date (YYYY-MM-DD)"
    return "separates the date and the time with a space: ISO 8601 uses 'T'" if sep == " " else None


def opening_hours_ok(text: str) -> bool:
    """Day tokens and ranges (`Mo-Fr`, `Tu,Th`), each group optionally followed by `hh:mm-hh:mm` ranges; groups may
    follow one another (`Mo-Fr 09:00-17:00; Sa 10:00-14:00`). Tokenised, not one regex: no catastrophic backtracking."""
    tokens = [t for t in re.split(r"[\s,;]+", text) if t]
    return bool(tokens) and bool(_DAYS.fullmatch(tokens[0])) and all(
        _DAYS.fullmatch(t) or _HOURS.fullmatch(t) for t in tokens)


@lru_cache(maxsize=1)
def _date_properties() -> frozenset[str]:
    """Properties whose range is only Date and/or DateTime."""
    return frozenset(name for name, p in vocabulary().properties.items()
                     if p["ranges"] and set(p["ranges"]) <= {"Date", "DateTime"} and ":" not in name)


def problem(name: str, value: Any, max_price: int, dates: frozenset[str]) -> str | None:
    """What is wrong with one value of property `name`, or None."""
    if value is None:
        return None
    if isinstance(value, Entity):
        if name == "dayOfWeek" and day_of_week(value) is None:
            return "is not a DayOfWeek (Monday … Sunday, PublicHolidays)"
        return None
    text = str(value).strip()
    if name == "priceRange":
        return (f"is {len(text)} characters long: Google ignores price ranges over {max_price} characters"
                if len(text) > max_price else None)
    checked = name in URL_PROPERTIES or name in dates or name in (
        "telephone", "email", "openingHours", "opens", "closes", "dayOfWeek", "latitude", "longitude", "geo")
    if not checked:
        return None
    if not text:
        return "is empty"
    if name in URL_PROPERTIES:
        return None if is_url(text) else "is not an absolute http(s) URL or a path on the site"
    if name == "telephone":
        return None if sum(c.isdigit() for c in text) >= 7 else "is not a phone number (fewer than 7 digits)"
    if name == "email":
        return None if "@" in text else "is not an email address (no @)"
    if name in dates:
        return date_problem(text)
    if name == "openingHours":
        return None if opening_hours_ok(text) else "is not in the 'Mo-Fr 09:00-17:00' format"
    if name in ("opens", "closes"):
        return None if TIME.match(text) else "is not a 24-hour time in the hh:mm or hh:mm:ss format"
    if name == "dayOfWeek":
        return None if day_of_week(text) else "is not a DayOfWeek (Monday … Sunday, PublicHolidays)"
    if name == "geo":
        return "is text: give a GeoCoordinates item with latitude and longitude"
    limit = 90 if name == "latitude" else 180
    degrees = number(value)
    if degrees is None:
        return "is not a number of decimal degrees (such as 53.5184)"
    return f"is outside -{limit}…{limit}" if abs(degrees) > limit else None


def check(ctx: PageContext) -> Iterator[Finding]:
    nodes = jsonld_nodes(ctx)
    dates = _date_properties()
    max_price = ctx.option(META, "max-price-range")
    for entity in ctx.entities:
        item = schema_item(entity, nodes)
        if not item.schema:
            continue
        label = "/".join(item.types) or "(untyped item)"
        for name, values in entity.props.items():
            for value in values:
                if name in URL_PROPERTIES and entity.syntax == "json-ld" and isinstance(value, str) \
                        and _relative(value):
                    resolved = ctx.page.absolute(value) or value
                    finding = ctx.finding(META, element_for(ctx, entity),
                                          f"Property '{name}' value '{show(value)}' ({label}) is a relative URL: it "
                                          f"resolves to {show(resolved, 120)} against the page, as Google reads it, "
                                          "but an absolute URL is safer (the same markup may be copied elsewhere)",
                                          type="/".join(item.types), property=name, value=show(value, 200),
                                          resolved=resolved)
                    yield dataclasses.replace(finding, severity="notice")
                    continue
                wrong = problem(name, value, max_price, dates)
                if wrong:
                    shown = (value.id or value.text("name") or "") if isinstance(value, Entity) else value
                    what = f"Property '{name}'" + (f" value '{show(shown)}'" if wrong != "is empty" else "")
                    yield ctx.finding(META, element_for(ctx, entity), f"{what} ({label}) {wrong}",
                                      type="/".join(item.types), property=name, value=show(shown, 200))


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HOST_LIKE = re.compile(r"^(?:www\.|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/)", re.IGNORECASE)


def _relative(value: str) -> bool:
    """A relative reference (`photo.jpg`, `team/anna.html`, `../logo.png`), not a path on the site (`/contact`,
    fine as it is), nor a host name written without its scheme (`www.example.com`, `facebook.com/clinic`: a
    mistake, reported as an invalid value)."""
    value = value.strip()
    return bool(value) and not value.startswith(("/", "#", "?")) and not _SCHEME.match(value) \
        and not re.search(r"\s", value) and not _HOST_LIKE.match(value)
