"""The clinic's name, address and phone number in the markup are the ones the page shows.

Page rule. Local search trusts a business whose name, address and phone number (NAP) agree everywhere; a
`LocalBusiness` item (`MedicalClinic`, `Physiotherapy`, …) with an old phone number or address contradicts the
page. Each local-business item of its own (top level or `@graph`) is compared with what the same page shows:

- **telephone**: the first `tel:` link (its text), else the first phone number in the footer. Compared by digits,
  a leading North American country code `1` ignored; a country code or area code written on one side only is
  tolerated (`+44 20 7946 0958` = `020 7946 0958`; `555-0123` = `(780) 555-0123`).
- **address**: the first `<address>` element, else the footer line with a postal code. Compared by postal code
  (spaces and case ignored; a US ZIP+4 by its five digits) and by the numbers of the street line: civic, unit
  and numbered-street numbers on one side must all be on the other (`Suite 200, 123 Main St` = `123 Main St`;
  `10342 82 Ave NW` ≠ `10250 82 Ave NW`). Postal codes are read in the Canadian, UK and US formats.
- **name**: `og:site_name`, else the site part of the `<title>` (after its last ` | `, ` - `, ` – `, ` — `).
  Compared without case, punctuation or spacing, `&` read as `and`.

Only values present on both sides are compared; a page that shows no phone number gives no telephone finding.
When a page has several local-business items (branches), a value the page shows only needs to match one of
them. Findings sit at the element that carries the item, with `data` `{"type", "property", "markup", "page"}`.

Fail: markup `"telephone": "+1-780-555-0199"` on a page whose footer says `(780) 555-0123`. Pass: markup
`"+1 780.555.0123"`, `"10342 - 82 Avenue NW"`, `"t6e1z8"`, `"Smith and Jones Physio"` on a page showing
`(780) 555-0123`, `10342 82 Ave NW, Edmonton, AB T6E 1Z8` and the site name "Smith & Jones Physio".
Source: https://developers.google.com/search/docs/appearance/structured-data/local-business (mark up the business
the page is about), and Google Business Profile's guidelines (represent the business as it is, consistently).
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from audits.context import PageContext
from audits.rule import Finding, RuleMeta
from audits.structured_data._google import DOCS, LOCAL_BUSINESS, Items, element, families, items, type_of
from clinicaudit.extract import PHONE, contact_details
from clinicaudit.page import collapse
from clinicaudit.schemaorg import Entity

META = RuleMeta(
    id="nap-mismatch",
    category="structured-data",
    severity="warning",
    title="The clinic's name, address and phone in the markup match the page",
    help="Make the markup and the page say the same name, address and phone number (update whichever is out of "
         "date), and keep them identical to the clinic's Google Business Profile.",
    help_url=DOCS + "local-business",
)
_SITE_SEPARATOR = re.compile(r"\s+[|–—-]\s+")


def check(ctx: PageContext) -> Iterator[Finding]:
    page = items(ctx)
    clinics = [e for e in page.typed(top_only=True) if LOCAL_BUSINESS in families(e)]
    if not clinics:
        return
    shown = contact_details(ctx.page, given=frozenset({"opening_hours", "geo"}))  # only what is compared
    address = (shown.get("address") or {}).get("text")
    for prop, page_value, markup_of, same in (("name", _site_name(ctx), _markup_name, _same_name),
                                              ("address", address, _markup_address, _same_address),
                                              ("telephone", shown.get("telephone"), _markup_telephone, _same_phone)):
        if not page_value:
            continue
        values = [(clinic, markup_of(clinic, page)) for clinic in clinics]
        values = [(clinic, value) for clinic, value in values if value[0]]
        if not values or any(same(key, page_value) is not False for _, (_, key) in values):
            continue
        for clinic, (value, _) in values:
            t = type_of(clinic, LOCAL_BUSINESS)
            yield ctx.finding(META, element(ctx, clinic), f"The {t} item gives the {prop} {value!r}, but the page "
                              f"shows {page_value!r}", type=t, property=prop, markup=value, page=page_value)


def _site_name(ctx: PageContext) -> str | None:
    for meta in ctx.root.xpath("//meta[@property='og:site_name'][@content]"):
        if collapse(meta.get("content")):
            return collapse(meta.get("content"))
    title = collapse(ctx.root.findtext(".//title"))
    parts = _SITE_SEPARATOR.split(title)
    return parts[-1].strip() if len(parts) > 1 and parts[-1].strip() else None


def _markup_name(clinic: Entity, page: Items) -> tuple[str | None, Any]:
    return clinic.text("name"), clinic.text("name")


def _markup_telephone(clinic: Entity, page: Items) -> tuple[str | None, Any]:
    value = (clinic.text("telephone") or "").removeprefix("tel:").strip() or None  # microdata reads a tel: href
    return value, value


def _markup_address(clinic: Entity, page: Items) -> tuple[str | None, Any]:
    """The address as written, and its (postal code, street number)."""
    address = next(iter(page.values(clinic, "address")), None)
    if isinstance(address, Entity):
        parts = [address.text(p) for p in ("streetAddress", "addressLocality", "addressRegion", "postalCode")]
        street, postal = address.text("streetAddress"), address.text("postalCode")
        return ", ".join(p for p in parts if p) or None, (_code(postal) if postal else None, _numbers(street or ""))
    text = collapse(str(address)) if address else ""
    found = _POSTAL.search(text.upper())
    return text or None, (_code(found.group(0)) if found else None, _numbers(text))


def _same_name(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(re.sub(r"[^\w\s]", " ", s.lower().replace("&", " and ")).split())
    return norm(a) == norm(b)


def _digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def _same_phone(a: str, b: str) -> bool | None:
    x, y = sorted((_digits(a), _digits(b)), key=len)
    if len(x) < 7:
        return None  # no phone number on one side: nothing to compare
    if x == y:
        return True
    national = x.lstrip("0")  # a trunk 0 against a country code, or a number written without its area code
    return len(national) >= 7 and y.endswith(national) and len(y) - len(national) <= 5


# Canadian (T6E 1Z8), UK (SW1A 1AA) and US state + ZIP (NY 10019-1234) postal codes, as text shows them.
_POSTAL = re.compile(r"\b[A-Z]\d[A-Z] ?\d[A-Z]\d\b|\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b|\b[A-Z]{2} +\d{5}(?:-\d{4})?\b")


def _code(postal: str) -> str:
    """`t6e 1z8` → `T6E1Z8`; `NY 10019-1234` → `10019`."""
    code = re.sub(r"[\s.]+", "", postal.upper())
    code = re.sub(r"^[A-Z]{2}(?=\d{5})", "", code)
    return code[:5] if re.fullmatch(r"\d{5}(-\d{4})?", code) else code


def _numbers(text: str) -> frozenset[str]:
    """The numbers of an address without its postal code and phone: civic, unit and numbered-street numbers."""
    return frozenset(n.lstrip("0") or "0" for n in re.findall(r"\d+", _POSTAL.sub(" ", PHONE.sub(" ", text.upper()))))


def _same_address(key: tuple[str | None, frozenset[str]], text: str) -> bool | None:
    """False when the page shows another postal code, or street numbers that neither contain nor are contained in
    the markup's (`10342 82 Ave` ≠ `10250 82 Ave`; `123 Main St` = `Suite 200, 123 Main St`)."""
    postal, numbers = key
    tokens = re.findall(r"[A-Z0-9]+", text.upper())
    verdicts = []
    if postal:
        if postal in tokens or postal in {a + b for a, b in zip(tokens, tokens[1:])}:
            verdicts.append(True)
        elif _POSTAL.search(text.upper()):
            verdicts.append(False)
    shown = _numbers(text)
    if numbers and shown:
        verdicts.append(numbers <= shown or shown <= numbers)
    return False if False in verdicts else (True if verdicts else None)
