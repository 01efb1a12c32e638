"""What one page says, read from its main content as a flat run of blocks (headings, text, list items, images).

The result is a page's *content candidate*: everything `assemble` needs to decide, once the whole site is known,
which pages are services, which blocks are clinic-wide and what the clinic's details are. docs/extraction.md is the
user-facing description of these rules.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Iterator
from urllib.parse import urlsplit

import lxml.etree
from lxml.html import HtmlElement

from clinicaudit.page import Page, collapse, is_hidden, text_of
from clinicaudit.record import heading_level, image_src, is_noscript_duplicate
from clinicaudit.schemaorg import Entity, entities
from clinicaudit.vocab import vocabulary

SKIP_TAGS = frozenset({"script", "style", "template", "noscript", "form", "nav", "aside", "svg", "iframe", "button",
                       "select", "textarea", "input", "dialog", "object", "canvas", "video", "audio"})
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog"})
# Words of a class or id that name site chrome; header/footer/menu only outside <main>, where a theme's
# `entry-header` is part of the article.
ALWAYS_CHROME_WORDS = frozenset({"breadcrumb", "breadcrumbs", "cookie", "cookies", "popup", "modal", "sidebar",
                                 "share", "sharing", "skip"})
OUTER_CHROME_WORDS = frozenset({"header", "footer", "nav", "navbar", "navigation", "menu", "masthead", "topbar"})
TEXT_TAGS = frozenset({"p", "blockquote", "figcaption", "dt", "dd", "pre", "address", "summary"})
BLOCKISH = frozenset({"div", "p", "ul", "ol", "li", "table", "section", "article", "figure", "blockquote", "header",
                      "footer", "main", "h1", "h2", "h3", "h4", "h5", "h6", "dl", "pre", "address", "details"})
BULLETS = "•·–-✓✔▪►*"

CONDITION_HEADING = re.compile(
    r"conditions?\s+(we\s+)?treat(ed)?|treat(s|ed|ing)?\b.*\bconditions|what\s+(can|does|do)\b.*\b(help|treat)"
    r"|(can|may)\s+help\s+with|\bhelps?\s+with\b|who\s+(can\s+)?benefits?|\bindications\b|common\s+conditions"
    r"|^\s*conditions\s*[:.!?]?\s*$",
    re.IGNORECASE,
)
BENEFITS_HEADING = re.compile(r"benefit", re.IGNORECASE)
ALIAS_CUE = re.compile(
    r"\b(?:also\s+(?:known|called|referred\s+to)\s+as|also\s+called|otherwise\s+known\s+as|sometimes\s+called"
    r"|a\.?k\.?a\.?)\s+(.+?)(?:[.;!?](?:\s|$)|$)",
    re.IGNORECASE,
)
NAME_SPLIT = re.compile(r"\s+[-–—]\s+|\s*:\s+")
EXAMPLE_LEAD = re.compile(r"^(including|includes|such\s+as|e\.g\.,?|eg\.?|like|i\.e\.,?)\s+", re.IGNORECASE)
SERVICE_TYPES = ("MedicalTherapy", "PhysicalTherapy", "TherapeuticProcedure", "MedicalProcedure", "Service")
CLINIC_TYPES = ("LocalBusiness", "MedicalOrganization")
PHONE = re.compile(r"(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b")
POSTAL = re.compile(r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|\b\d{5}(?:-\d{4})?\b")
WEEKDAY = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\b", re.IGNORECASE)
TIME = re.compile(r"\b\d{1,2}(:\d{2})?\s*(am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b|\bclosed\b|24\s*hours", re.IGNORECASE)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.IGNORECASE)
SERVICE_MENU_LABEL = re.compile(
    r"^\s*(our\s+)?(services|treatments|therapies|what\s+we\s+(treat|offer|do))\s*$", re.IGNORECASE)
INSURANCE = re.compile(r"insurance|direct[\s-]*bill|extended\s+health", re.IGNORECASE)


@dataclass
class Block:
    kind: str  # heading | text | item | row | image
    el: HtmlElement
    text: str = ""
    level: int = 0


# -- main content as blocks ----------------------------------------------------------------------------------------


def content_root(page: Page) -> tuple[HtmlElement, bool]:
    """The page's `<main>` (or `[role=main]`) and True, else the body and False."""
    for el in page.root.iter("main"):
        if not is_hidden(el):
            return el, True
    found = page.root.xpath("//*[@role='main']")
    if found:
        return found[0], True
    return page.body, False


def _words(el: HtmlElement) -> set[str]:
    words: set[str] = set()
    for attr in (el.get("class"), el.get("id")):
        if attr:
            words.update(w for w in re.split(r"[\s_-]+", attr.lower()) if w)
    return words


def is_chrome(el: HtmlElement, inside_main: bool) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in SKIP_TAGS or (el.get("role") or "").strip().lower() in CHROME_ROLES:
        return True
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").strip().lower() == "true":
        return True
    words = _words(el)
    if words & ALWAYS_CHROME_WORDS:
        return True
    if not inside_main and (tag in ("header", "footer") or words & OUTER_CHROME_WORDS):
        return True
    return False


def _has_block_child(el: HtmlElement) -> bool:
    return next(el.iterdescendants(*BLOCKISH), None) is not None


def blocks(root: HtmlElement, inside_main: bool) -> Iterator[Block]:
    """The main content in document order, site chrome left out."""
    for child in root:
        if not isinstance(child.tag, str) or is_chrome(child, inside_main):
            continue
        tag = child.tag
        level = heading_level(child)
        if level is not None:
            yield Block("heading", child, text_of(child), level)
        elif tag == "img":
            if not is_noscript_duplicate(child):
                yield Block("image", child)
        elif tag in ("ul", "ol"):
            for li in child:
                if isinstance(li.tag, str) and li.tag == "li" and not is_chrome(li, inside_main):
                    yield Block("item", li, text_of(li))
                    yield from (Block("image", img) for img in li.iter("img") if not is_noscript_duplicate(img))
        elif tag == "table":
            for tr in child.iter("tr"):
                cells = [text_of(c) for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
                if any(cells) and not any(c.tag == "th" for c in tr if isinstance(c.tag, str)):
                    yield Block("row", tr, " | ".join(cells))
        elif tag in TEXT_TAGS or not _has_block_child(child):
            text = text_of(child)
            if text:
                yield Block("text", child, text)
            yield from (Block("image", img) for img in child.iter("img") if not is_noscript_duplicate(img))
        else:
            yield from blocks(child, inside_main)


# -- reading helpers --------------------------------------------------------------------------------------------


def slugify(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def split_top_level(text: str, pattern: str = r",|\s+and\s+|\s+or\s+") -> list[str]:
    """Split on `pattern` outside parentheses."""
    parts, depth, start = [], 0, 0
    regex = re.compile(pattern, re.IGNORECASE)
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            m = regex.match(text, i)
            if m and m.end() > i:
                parts.append(text[start:i])
                start = i = m.end()
                continue
        i += 1
    parts.append(text[start:])
    return [p for p in (_clean_part(p) for p in parts) if p]


def _clean_part(part: str) -> str:
    part = collapse(part).strip(" ,;.")
    part = re.sub(r"^(and|or)\s+", "", part, flags=re.IGNORECASE)
    return part.strip(" ,;")


def clean_item(text: str) -> str:
    """A list item as a clean phrase: bullets and trailing `, and` / `;` / `.` removed."""
    text = collapse(text).lstrip(BULLETS + " ")
    text = re.sub(r"(,\s*(and|or)|\s+(and|or)|[;,.])\s*$", "", text, flags=re.IGNORECASE)
    return text.strip()


def parse_condition(text: str) -> dict[str, Any] | None:
    """`Elbow Pain - including a (x) and b` → name `Elbow Pain`, examples `a (x)`, `b`."""
    text = collapse(text).lstrip(BULLETS + " ").strip()
    if not text:
        return None
    match = NAME_SPLIT.search(text)
    if match:
        name, rest = text[: match.start()], text[match.end():]
        rest = EXAMPLE_LEAD.sub("", rest.strip())
        examples = split_top_level(rest)
    else:
        name, examples = text, []
    name = name.strip(" :;,.")
    if not name or len(name) > 120:
        return None
    return {"name": name, "examples": examples}


def split_name(name: str) -> tuple[str, list[str]]:
    """`Dry Needling/IMS` → (`Dry Needling`, [`IMS`]); also `A or B`, `A (B)`."""
    name = collapse(name)
    for pattern in (r"\s*/\s*", r"\s+or\s+"):
        parts = [p.strip() for p in re.split(pattern, name, flags=re.IGNORECASE) if p.strip()]
        if len(parts) > 1:
            return parts[0], parts[1:]
    m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", name)
    if m:
        return m.group(1).strip(), [m.group(2).strip()]
    return name, []


def aliases_in(text: str, names: list[str]) -> list[str]:
    """Phrases after "also known as" and its kin whose subject is the service (one of `names`, or "it" / "this
    treatment"), within a few words of the cue: `Dry Needling is also known as intramuscular stimulation (IMS) and
    trigger point dry needling (TDN)` → intramuscular stimulation, IMS, trigger point dry needling, TDN; not the
    reflex in "… to produce a spinal cord reflex, also known as a local twitch response"."""
    subjects = [re.escape(n.lower()) for n in names if n] + [r"\bit", r"\bthis(?:\s+\w+)?", r"\bthey"]
    subject = re.compile(r"(?:" + "|".join(subjects) + r")(?=\W)", re.IGNORECASE)
    found: list[str] = []
    for m in ALIAS_CUE.finditer(text):
        sentence_start = max(text.rfind(". ", 0, m.start()), text.rfind("! ", 0, m.start()),
                             text.rfind("? ", 0, m.start()))
        prefix = text[sentence_start + 1:m.start()]
        hits = list(subject.finditer(prefix))
        if not hits or len(prefix[hits[-1].end():].split()) > 3:
            continue
        for part in split_top_level(m.group(1)):
            inner = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", part)
            if inner:
                found.extend([inner.group(1).strip(), inner.group(2).strip()])
            else:
                found.append(part.strip(" \"'“”"))
    return [a for a in found if a and len(a) <= 80]


def smart_case(text: str) -> str:
    """A heading written in capitals, in title case with its short words (acronyms) kept."""
    if text != text.upper():
        return text
    return " ".join(w if len(w) <= 3 and w.isalpha() else w.capitalize() for w in re.split(r"(?<=\s)|(?=/)", text)
                    ).replace(" /", "/")


# -- the candidate ------------------------------------------------------------------------------------------------


def nav_links(page: Page) -> list[dict[str, Any]]:
    """Every link of the site's menus with its label; `service` marks those in the submenu of an entry labelled
    like "Services" or "Treatments" (a `<li>` with a nested list, or a folder `<div>` as Squarespace writes it)."""
    out: list[dict[str, Any]] = []
    seen: dict[str, dict[str, Any]] = {}
    # The outermost menus only: a <nav> inside a <header> is read once.
    menus = [m for m in page.root.xpath("//nav | //*[@role='navigation'] | //header")
             if not any(a.tag in ("nav", "header") or a.get("role") == "navigation" for a in m.iterancestors())]
    for menu in menus:
        for a in menu.iter("a"):
            raw = (a.get("href") or "").strip()
            href = page.absolute(raw)
            if not href or raw.startswith("#") or not page.is_internal(href):
                continue  # "#": a menu entry that only opens its submenu
            if href not in seen:
                seen[href] = {"url": page.public(href), "label": text_of(a), "service": False}
                out.append(seen[href])
        for label in menu.iter("a", "span", "button", "p"):
            text = label.text_content()
            if len(text) > 40 or not SERVICE_MENU_LABEL.search(text):
                continue
            start = next((x for x in label.iterancestors("a")), label)
            container = start.getparent()
            if container is None:
                continue
            for a in container.iter("a"):
                if a is start or (a.get("href") or "").strip().startswith("#"):
                    continue
                href = page.absolute(a.get("href"))
                if href in seen:
                    seen[href]["service"] = True
    return out


def feature_runs(block_list: list[Block]) -> list[list[dict[str, Any]]]:
    """Runs of three or more (title, text) pairs: icon boxes, feature cards."""
    runs: list[list[dict[str, Any]]] = []
    current: list[dict[str, Any]] = []
    i = 0
    n = len(block_list)

    def flush() -> None:
        nonlocal current
        if len(current) >= 3:
            runs.append(current)
        current = []

    while i < n:
        b = block_list[i]
        title = _feature_title(b)
        if title is None:
            if b.kind != "image":
                flush()
            i += 1
            continue
        j = i + 1
        while j < n and block_list[j].kind == "image":
            j += 1
        if j < n and block_list[j].kind == "text" and len(block_list[j].text) <= 600 and _feature_title(block_list[j]) is None:
            start = i
            floor = current[-1]["end"] + 1 if current else 0
            while start - 1 >= floor and block_list[start - 1].kind == "image":
                start -= 1  # the unit's icon
            current.append({"title": title, "text": block_list[j].text, "start": start, "end": j,
                            "links": [a.get("href") for blk in block_list[i:j + 1] for a in blk.el.iter("a")]})
            i = j + 1
        else:
            flush()
            i += 1
    flush()
    return runs


def _feature_title(b: Block) -> str | None:
    if b.kind == "heading" and b.level >= 3 and 0 < len(b.text) <= 80:
        return b.text
    if b.kind == "text" and 0 < len(b.text) <= 80:
        bold = collapse(" ".join(" ".join(x.itertext()) for x in b.el.iter()
                                 if x.tag in ("strong", "b") or _BOLD_STYLE.search(x.get("style") or "")))
        if bold and bold == b.text:
            return b.text
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


def contact_details(page: Page) -> dict[str, Any]:
    """Telephone, email, address and opening hours as the page shows them (footer and contact blocks)."""
    root = page.root
    tel = next((a for a in root.xpath("//a[starts-with(normalize-space(@href), 'tel:')]")), None)
    mail = next((a for a in root.xpath("//a[starts-with(normalize-space(@href), 'mailto:')]")), None)
    telephone = (text_of(tel) or tel.get("href").split(":", 1)[1].strip()) if tel is not None else None
    if telephone and not PHONE.search(telephone):
        telephone = tel.get("href").split(":", 1)[1].strip()
    footer = root.xpath("//footer | //*[@role='contentinfo'] | //*[contains(@id, 'footer') or contains(@class, 'footer')]")
    footer_text_lines = [line for f in footer[:1] for line in _lines(f)]
    if telephone is None:
        telephone = next((PHONE.search(line).group(0) for line in footer_text_lines if PHONE.search(line)), None)
    email = mail.get("href").split(":", 1)[1].split("?")[0].strip() if mail is not None else None
    address = None
    addr_el = next(iter(root.xpath("//address")), None)
    if addr_el is not None and text_of(addr_el):
        address = {"text": ", ".join(_lines(addr_el))}
    else:
        for i, line in enumerate(footer_text_lines):
            if POSTAL.search(line) and not PHONE.fullmatch(line.strip()) and len(line) <= 160:
                prev = footer_text_lines[i - 1] if i and re.match(r"^\d+\s+\w", footer_text_lines[i - 1]) else None
                address = {"text": f"{prev}, {line}" if prev and not re.match(r"^\d+\s", line) else line}
                break
    return {"telephone": telephone, "email": email, "address": address, "opening_hours": opening_hours(page),
            "geo": map_location(page)}


CONTACT_PAGE = re.compile(r"contact|location|find[\s_-]*us|visit|hours|about|book", re.IGNORECASE)


def _may_hold_contact(page: Page, public_url: str) -> bool:
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


def read_page(page: Page, public_url: str, config: dict[str, Any] | None = None) -> dict[str, Any]:
    """The content candidate of one HTML page (written to the work spool, read back by `assemble`)."""
    config = config or {}
    root, inside_main = content_root(page)
    all_blocks = list(blocks(root, inside_main))
    h1_index = next((i for i, b in enumerate(all_blocks) if b.kind == "heading" and b.level == 1), None)
    h1 = all_blocks[h1_index].text if h1_index is not None else None
    if h1 is None:
        doc_h1 = page.root.xpath("//h1")
        h1 = text_of(doc_h1[0]) if doc_h1 else None
    body = all_blocks[h1_index + 1:] if h1_index is not None else all_blocks
    name_selector = config.get("services", {}).get("name_selector")
    if name_selector:
        found = page.css(name_selector)
        if found:
            h1 = text_of(found[0])

    runs = feature_runs(body)

    # Introduction: from the h1 to the first heading.
    first_heading = next((i for i, b in enumerate(body) if b.kind == "heading"), len(body))
    intro = body[:first_heading]
    paragraphs = [b.text for b in intro if b.kind == "text"]
    benefits: list[str] = []
    for i, b in enumerate(intro):
        if b.kind == "item" and i > 0:
            prev = next((x for x in reversed(intro[:i]) if x.kind == "text"), None)
            if prev is not None and prev.text.rstrip().endswith(":"):
                k = i
                while k < len(intro) and intro[k].kind in ("item", "image"):
                    if intro[k].kind == "item" and clean_item(intro[k].text):
                        benefits.append(clean_item(intro[k].text))
                    k += 1
            break

    # Sections, and the conditions list under a conditions heading.
    heading_patterns = [CONDITION_HEADING] + [re.compile(p, re.IGNORECASE)
                                              for p in config.get("conditions", {}).get("heading", [])]
    sections: list[dict[str, Any]] = []
    conditions: list[dict[str, Any]] = []
    has_conditions_heading = False
    i = first_heading
    while i < len(body):
        head = body[i]
        if head.kind != "heading":
            i += 1
            continue
        end = next((k for k in range(i + 1, len(body)) if body[k].kind == "heading" and body[k].level <= head.level),
                   len(body))
        nested_end = next((k for k in range(i + 1, end) if body[k].kind == "heading"), end)
        content = body[i + 1:end]
        is_conditions = any(p.search(head.text) for p in heading_patterns)
        if is_conditions and not config.get("conditions", {}).get("selector"):
            items = [b for b in content if b.kind in ("item", "row")
                     or (b.kind == "text" and b.text[:1] in BULLETS and len(b.text) > 2)]
            if items:
                has_conditions_heading = True
            for b in items:
                text = b.text.replace(" | ", " - ", 1) if b.kind == "row" else b.text
                parsed = parse_condition(text)
                if parsed:
                    parsed["links"] = [page.public(page.absolute(a.get("href"))) for a in b.el.iter("a")
                                       if a.get("href")]
                    conditions.append(parsed)
        elif head.text:
            own = body[i + 1:nested_end]
            sections.append({"heading": head.text, "level": head.level,
                             "lines": [b.text for b in own if b.kind in ("text", "item", "row") and b.text],
                             "benefits": BENEFITS_HEADING.search(head.text) is not None,
                             "items": [clean_item(b.text) for b in own if b.kind == "item" and clean_item(b.text)]})
        i += 1
    selector = config.get("conditions", {}).get("selector")
    if selector:
        for el in page.css(selector):
            parsed = parse_condition(text_of(el))
            if parsed:
                parsed["links"] = [page.public(page.absolute(a.get("href"))) for a in el.iter("a") if a.get("href")]
                conditions.append(parsed)
        has_conditions_heading = bool(conditions)
    if not benefits:
        benefit_section = next((s for s in sections if s["benefits"] and s["items"]), None)
        if benefit_section:
            benefits = benefit_section["items"]

    images = []
    seen_src: set[str] = set()
    for b in body:
        if b.kind != "image":
            continue
        src, _ = image_src(b.el)
        src = page.public(page.absolute(src)) if src else None
        if src and src not in seen_src:
            seen_src.add(src)
            images.append({"src": src, "alt": b.el.get("alt")})

    structured = entities(page.structured_data)
    vocab = vocabulary()
    # MedicalCondition items in the markup (a service's possibleTreatment targets, or listed on their own) are
    # conditions of the page too, after those its content lists.
    listed = {slugify(c["name"]) for c in conditions}
    for entity in structured:
        if any(vocab.is_a(t, "MedicalCondition") for t in entity.types) and entity.text("name"):
            name = collapse(entity.text("name"))
            if slugify(name) and slugify(name) not in listed:
                listed.add(slugify(name))
                conditions.append({"name": name, "examples": [], "links": [], "markup": True})
    services_markup = [
        {"types": e.types, "name": e.text("name"), "alternateName": e.texts("alternateName"),
         "description": e.text("description"), "url": e.text("url")}
        for e in structured if any(vocab.is_a(t, s) for t in e.types for s in SERVICE_TYPES)
    ]
    og_site_name = next((collapse(m.get("content")) for m in page.root.xpath("//meta[@property='og:site_name']")), None)
    logo = page.root.xpath("//header//img[contains(@class,'logo') or contains(@alt,'logo') or ancestor::*[contains(@class,'logo')]]")
    return {
        "url": public_url,
        "path": urlsplit(public_url).path or "/",
        "title": collapse(page.root.findtext(".//title")) or None,
        "h1": h1,
        "meta_description": next((collapse(m.get("content")) for m in page.root.xpath("//meta[@name='description']")), None),
        "intro": "\n".join(b.text for b in intro if b.kind in ("text", "item") and b.text),
        "summary": paragraphs[0] if paragraphs else None,
        "alias_text": " ".join(paragraphs[:3]),
        "benefits": benefits,
        "sections": [{k: v for k, v in s.items() if k not in ("benefits", "items")} for s in sections],
        "conditions": conditions,
        "has_conditions_heading": has_conditions_heading,
        "images": images,
        "features": [{"title": f["title"].rstrip(":").strip(), "text": f["text"],
                      "images": [page.public(page.absolute(image_src(b.el)[0])) for b in body[f["start"]:f["end"] + 1]
                                 if b.kind == "image" and image_src(b.el)[0]],
                      "linked": any(h and not h.startswith("#") for h in f["links"])}
                     for run in runs for f in run],
        "nav_links": nav_links(page),
        "markup_services": services_markup,
        "clinic_markup": clinic_entities(structured),
        "contact": contact_details(page) if _may_hold_contact(page, public_url) else {},
        "og_site_name": og_site_name,
        "logo_alt": collapse(logo[0].get("alt")) if logo and logo[0].get("alt") else None,
        "paragraphs": [b.text for b in body if b.kind == "text" and INSURANCE.search(b.text)][:3],
    }
