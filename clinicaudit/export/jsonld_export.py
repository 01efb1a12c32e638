"""`jsonld`: one schema.org JSON-LD document per service, `jsonld/<id>.json`, to put in a
`<script type="application/ld+json">` of the service's new page. It is a `@graph` of:

- the clinic: `MedicalClinic` — or the type the site's own markup gave the clinic when that is a more specific
  medical business (`Physiotherapy`, `Dentist`, …; `LocalBusiness`, `MedicalBusiness` and non-medical types become
  `MedicalClinic`). With `name`, `url`, `telephone`, `email`, `address` (a `PostalAddress` of the address parts; the
  address text when only that is known), `openingHours` and `openingHoursSpecification` (from the opening hours,
  when they can be read: `Mo-Fr 08:00-18:00`, `Monday – Friday: 8:00 AM – 6:00 PM`; days marked closed are left
  out, which says they are closed), `geo` from the configuration's `[clinic]` facts, else site.json's clinic (its
  markup, else the map on its pages), `priceRange` from the configuration, else the site's markup (a warning names
  the configuration keys when neither has them), and, when the site's markup had them, `image`, `logo` and
  `sameAs`. A `MedicalClinic` lists the therapy as `availableService` (schema.org allows that property on
  MedicalClinic, Hospital and Physician only). A clinic without a name or an address is written as a
  `MedicalOrganization`, for which Google requires neither;
- the service as a `MedicalTherapy`: `name`, `alternateName` (aliases), `description` (summary), `url`;
- each condition it treats as a `MedicalCondition` with `name` and `possibleTreatment` → the therapy by `@id`;
- a `BreadcrumbList` Home → the service, for a service found in the site's menu (an evidence signal `menu…`).

The output passes clinicaudit's own structured-data rules with no finding once the clinic's `geo` and `priceRange`
are known (from the site or the configuration). The JSON escapes `<`, `>` and `&` (`\\u003c` …), so that a
text such as `</script>` cannot end the script element it is pasted into."""

from __future__ import annotations

import json
import re
from typing import Any

from clinicaudit.extract import coordinates
from clinicaudit.export.source import Context, Source, UnsafeName
from clinicaudit.schemaorg import Entity, entities
from clinicaudit.vocab import vocabulary

NAME = "jsonld"
CLINIC_TYPES = ("LocalBusiness", "MedicalOrganization")
MARKUP_SYNTAXES = ("json-ld", "microdata", "rdfa")
DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_WORDS = {
    **{d.lower(): i for i, d in enumerate(DAY_CODES)},
    **{d.lower(): i for i, d in enumerate(DAY_NAMES)},
    **{d.lower()[:3]: i for i, d in enumerate(DAY_NAMES)},
    "tues": 1, "weds": 2, "thur": 3, "thurs": 3,
}
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?"
_RANGE = re.compile(rf"^{_TIME}\s*(?:-|to|until)\s*{_TIME}$", re.IGNORECASE)
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def dumps(value: Any) -> str:
    """JSON that is safe inside an HTML `<script>` element (and the same value once parsed)."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    for char, escaped in _ESCAPES.items():
        text = text.replace(char, escaped)
    return text + "\n"


# -- opening hours ----------------------------------------------------------------------------------------------


def _days(text: str) -> list[int] | None:
    text = text.strip().rstrip(":").strip().lower()
    if text in ("daily", "every day", "7 days a week"):
        return list(range(7))
    days: list[int] = []
    for part in re.split(r"\s*(?:,|&|\band\b|;)\s*", text):
        if not part:
            continue
        bounds = [b.strip().rstrip(".") for b in re.split(r"\s*(?:-|\bto\b|\bthrough\b|\bthru\b)\s*", part)]
        if not 1 <= len(bounds) <= 2 or any(b not in _DAY_WORDS for b in bounds):
            return None
        first, last = _DAY_WORDS[bounds[0]], _DAY_WORDS[bounds[-1]]
        span = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
        days += [d for d in span if d not in days]
    return days or None


def _clock(hour: str, minute: str | None, half: str | None) -> tuple[int, int] | None:
    h, m = int(hour), int(minute or 0)
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half.lower().startswith("p") else 0)
    return (h, m) if h <= 24 and m < 60 and (h < 24 or m == 0) else None


def parse_hours(line: str) -> tuple[list[int], str, str] | str | None:
    """One opening-hours line as (days, opens, closes); "closed" for a closed day; None when it cannot be read."""
    text = re.sub(r"[\u2013\u2014\u2012\u2212]", "-", line)
    text = re.sub(r"\s+", " ", text).strip()
    digit = re.search(r"\d", text)
    if digit is None:
        m = re.match(r"^(.*?)[:\s-]*\bclosed\b\.?$", text, re.IGNORECASE)
        return "closed" if m and _days(m.group(1)) else None
    days = _days(text[: digit.start()])
    m = _RANGE.match(text[digit.start():].strip().rstrip("."))
    if days is None or m is None:
        return None
    h1, m1, half1, h2, m2, half2 = m.groups()
    if half2 and not half1:  # "8-5 pm": the opening time is am unless that makes it later than the closing time
        closes = _clock(h2, m2, half2)
        opens = _clock(h1, m1, half2)
        if opens is None or closes is None:
            return None
        if opens >= closes:
            opens = _clock(h1, m1, "am")
    else:
        opens, closes = _clock(h1, m1, half1), _clock(h2, m2, half2)
    if opens is None or closes is None or (closes <= opens and closes != (0, 0)):
        return None
    return days, "%02d:%02d" % opens, "%02d:%02d" % closes


def _day_text(days: list[int]) -> str:
    ordered = sorted(days)
    if len(ordered) >= 3 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{DAY_CODES[ordered[0]]}-{DAY_CODES[ordered[-1]]}"
    return ",".join(DAY_CODES[d] for d in ordered)


def opening_hours(ctx: Context, lines: list[str]) -> tuple[list[str], list[dict[str, Any]]]:
    texts, specs = [], []
    for line in lines:
        parsed = parse_hours(line)
        if parsed == "closed":
            continue
        if parsed is None:
            ctx.warn("clinic", "clinic", NAME, f"opening hours {line[:80]!r} cannot be read as days and times: "
                                               "left out of openingHours")
            continue
        days, opens, closes = parsed
        texts.append(f"{_day_text(days)} {opens}-{closes}")
        specs.append({"@type": "OpeningHoursSpecification", "dayOfWeek": [DAY_NAMES[d] for d in sorted(days)],
                      "opens": opens, "closes": closes})
    return texts, specs


# -- the clinic ---------------------------------------------------------------------------------------------------


def _http(value: Any) -> str | None:
    if isinstance(value, Entity):
        value = value.text("url") or value.text("contentUrl")
    if isinstance(value, str) and re.match(r"^https?://[^\s/?#]+[^\s]*$", value.strip()):
        return value.strip()
    return None


def clinic_markup(source: Source, clinic: dict[str, Any]) -> tuple[Entity, dict[str, Entity]] | None:
    """The site's own markup item for the clinic (home page first), when site.json took fields from markup."""
    if not any(v in MARKUP_SYNTAXES for v in (clinic.get("sources") or {}).values()):
        return None
    vocab = vocabulary()
    home = source.home()
    pages = ([home] if home else []) + [p for p in source.pages if p is not home]
    name = (clinic.get("name") or "").casefold()
    for page in pages:
        structured = (page.get("html") or {}).get("structured_data")
        if not isinstance(structured, dict) or not (200 <= (page.get("status") or 0) < 300):
            continue
        try:
            items = entities(structured)
        except Exception:  # noqa: BLE001 - a page's odd markup must not stop the export
            continue
        by_id: dict[str, Entity] = {}
        for e in items:
            if e.id and (e.props or e.types) and e.id not in by_id:
                by_id[e.id] = e
        for e in items:
            if any(vocab.is_a(t, c) for t in e.types for c in CLINIC_TYPES) and (
                    not name or (e.text("name") or "").casefold() == name):
                return e, by_id
    return None


def clinic_type(markup: Entity | None) -> str:
    vocab = vocabulary()
    for t in markup.types if markup else []:
        if vocab.is_a(t, "MedicalBusiness") and t not in ("MedicalBusiness", "MedicalOrganization"):
            return t
    return "MedicalClinic"


def clinic_node(ctx: Context, clinic: dict[str, Any]) -> dict[str, Any]:
    source = ctx.source
    found = clinic_markup(source, clinic)
    markup, by_id = found if found else (None, {})

    def resolve(value: Any) -> Any:
        return by_id.get(value.id, value) if isinstance(value, Entity) and value.id else value

    url = clinic.get("url") or source.public_root
    node: dict[str, Any] = {"@type": clinic_type(markup), "@id": url.split("#")[0] + "#clinic"}
    if clinic.get("name"):
        node["name"] = clinic["name"]
    node["url"] = url
    phone = clinic.get("telephone")
    if phone and len(re.sub(r"\D", "", phone)) >= 7:
        node["telephone"] = phone
    elif phone:
        ctx.warn("clinic", "clinic", NAME, f"telephone {phone!r} has fewer than 7 digits: left out")
    email = clinic.get("email")
    if email and "@" in email:
        node["email"] = email
    address = clinic.get("address")
    if address:
        parts = {"streetAddress": address.get("street_address"), "addressLocality": address.get("locality"),
                 "addressRegion": address.get("region"), "postalCode": address.get("postal_code"),
                 "addressCountry": address.get("country")}
        parts = {k: v for k, v in parts.items() if v}
        node["address"] = {"@type": "PostalAddress", **parts} if parts else address["text"]
    facts = ctx.clinic_facts
    position = None
    if "latitude" in facts and "longitude" in facts:
        position = coordinates(facts["latitude"], facts["longitude"])
    elif isinstance(clinic.get("geo"), dict):  # site.json: the markup's, else the site's map
        position = clinic["geo"]
    elif markup is not None and isinstance(geo := resolve(markup.first("geo")), Entity):  # an older site.json
        position = coordinates(geo.first("latitude"), geo.first("longitude"))
    if position:
        node["geo"] = {"@type": "GeoCoordinates", **position}
    hours, specs = opening_hours(ctx, list(clinic.get("opening_hours") or []))
    if hours:
        node["openingHours"] = hours
        node["openingHoursSpecification"] = specs
    price = facts.get("price_range") or (markup.text("priceRange") if markup is not None else None)
    if price and len(price) <= 100:
        node["priceRange"] = price
    if markup is not None:
        for prop in ("image", "logo"):
            value = _http(resolve(markup.first(prop)))
            if value:
                node[prop] = value
        same = [u for u in (_http(v) for v in markup.props.get("sameAs") or []) if u]
        if same:
            node["sameAs"] = same
    if "name" not in node or "address" not in node:
        missing = " and ".join(p for p in ("name", "address") if p not in node)
        ctx.warn("clinic", "clinic", NAME, f"the clinic has no {missing}: written as a MedicalOrganization, which "
                                           "needs neither, not as a local business, which Google requires both of")
        node["@type"] = "MedicalOrganization"
        for prop in ("openingHours", "priceRange"):  # LocalBusiness properties
            node.pop(prop, None)
        node.pop("openingHoursSpecification", None)
        node.pop("geo", None)
        return node
    unknown = [p for p in ("geo", "priceRange") if p not in node]
    if unknown:
        keys = {"geo": "clinic.latitude and clinic.longitude", "priceRange": "clinic.price_range"}
        ctx.warn("clinic", "clinic", NAME,
                 f"the site publishes no {' or '.join(unknown)} for the clinic, which Google recommends for a local "
                 f"business: set {' and '.join(keys[p] for p in unknown)} in the configuration to add "
                 f"{'them' if len(unknown) > 1 else 'it'}")
    return node


# -- a service's graph --------------------------------------------------------------------------------------------


def graph(ctx: Context, service: dict[str, Any], clinic: dict[str, Any] | None,
          conditions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    url = service["url"]
    therapy_id = url.split("#")[0] + "#therapy"
    therapy: dict[str, Any] = {"@type": "MedicalTherapy", "@id": therapy_id, "name": service["name"]}
    if service["aliases"]:
        therapy["alternateName"] = list(service["aliases"])
    if service.get("summary"):
        therapy["description"] = service["summary"]
    therapy["url"] = url
    nodes: list[dict[str, Any]] = []
    if clinic is not None:
        node = dict(clinic)
        if vocabulary().is_a(node["@type"], "MedicalClinic"):
            node["availableService"] = {"@id": therapy_id}
        nodes.append(node)
    nodes.append(therapy)
    root = ctx.source.public_root
    for cid in service["conditions"]:
        condition = conditions.get(cid)
        if condition is None:
            ctx.warn("service", service["id"], NAME, f"condition {cid!r} is not among the exportable conditions: "
                                                     "left out of the graph")
            continue
        nodes.append({"@type": "MedicalCondition", "@id": f"{root}#condition-{cid}", "name": condition["name"],
                      "possibleTreatment": {"@id": therapy_id}})
    if any(e.get("signal", "").startswith("menu") for e in service["evidence"] if isinstance(e, dict)):
        nodes.append({"@type": "BreadcrumbList", "@id": url.split("#")[0] + "#breadcrumb", "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": root},
            {"@type": "ListItem", "position": 2, "name": service["name"], "item": url}]})
    return {"@context": "https://schema.org", "@graph": nodes}


def write(ctx: Context) -> None:
    clinic_record = ctx.valid_clinic(NAME)
    clinic = clinic_node(ctx, clinic_record) if clinic_record is not None else None
    conditions = {c["id"]: c for c in ctx.valid("condition", NAME)}
    for service in ctx.valid("service", NAME, unique=True):
        try:
            name = ctx.file_for("jsonld", service["id"], ".json")
            ctx.write_text(name, dumps(graph(ctx, service, clinic, conditions)))
        except (UnsafeName, UnicodeError) as exc:
            ctx.problem("service", service["id"], NAME, str(exc))
