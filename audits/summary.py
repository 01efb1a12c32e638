"""The compact summary of one page that site rules see (one line of the run's summary spool).

Site rules never see HTML: only these fields, for every URL of the crawl.

    url            public URL (production origin with --site-url)
    status         HTTP status or None;  error: error kind or None;  redirect_to: public URL or None
    is_html, depth, discovered_via
    title          {"text", "selector", "snippet"} or None
    meta_description  {"text", "selector", "snippet"} or None
    h1             [{"text", "selector", "snippet"}]  (visible h1s and role=heading aria-level=1)
    canonical      public URL or None;   canonical_selector, canonical_snippet
    noindex        meta robots or X-Robots-Tag says noindex
    links          internal links: [{"href" (public URL), "text", "selector", "snippet"}], one per element
    types          schema.org types found on the page (JSON-LD, microdata, RDFa), local names
    clinic_markup  a LocalBusiness-family or MedicalOrganization item is on the page
    service_markup a MedicalTherapy / PhysicalTherapy / MedicalProcedure / TherapeuticProcedure / Service item
    condition_markup  a MedicalCondition item, or a possibleTreatment / usedToDiagnose-style link to one
    conditions     names of the conditions the page's content lists
"""

from __future__ import annotations

from typing import Any, Callable

from audits.context import PageContext, snippet
from clinicaudit.page import is_hidden, text_of
from clinicaudit.dom import heading_level
from clinicaudit.extract import listed_conditions
from clinicaudit.vocab import vocabulary

SERVICE_TYPES = ("MedicalTherapy", "PhysicalTherapy", "TherapeuticProcedure", "MedicalProcedure", "Service")
CLINIC_TYPES = ("LocalBusiness", "MedicalOrganization")


def summarize(record: dict[str, Any], ctx: PageContext | None, content: dict[str, Any] | None,
              public: Callable[[str], str] | None = None) -> dict[str, Any]:
    """`public` maps a fetched URL to its public URL (the crawl's scope); redirects have no parsed page to ask."""
    html = record.get("html") or {}
    summary: dict[str, Any] = {
        "url": record["public_url"],
        "status": record["status"],
        "error": (record.get("error") or {}).get("kind"),
        "redirect_to": public(record["redirect_to"]) if public and record.get("redirect_to")
        else record.get("redirect_to"),
        "is_html": record["is_html"],
        "depth": record["depth"],
        "discovered_via": record["discovered_via"],
        "title": None, "meta_description": None, "h1": [], "canonical": None, "canonical_selector": None,
        "canonical_snippet": "", "noindex": False, "links": [], "types": [], "clinic_markup": False,
        "service_markup": False, "condition_markup": False,
        "conditions": listed_conditions((content or {}).get("groups") or []),
    }
    robots = " ".join(filter(None, [html.get("meta_robots"), html.get("x_robots_tag")])).lower()
    summary["noindex"] = "noindex" in robots or "none" in robots.split(",")
    if ctx is None:
        return summary
    root = ctx.root
    title = root.find(".//title")
    if title is not None:
        summary["title"] = {"text": html.get("title") or "", "selector": ctx.selector(title),
                            "snippet": snippet(title)}
    for meta in root.iter("meta"):
        if (meta.get("name") or "").strip().lower() == "description":
            summary["meta_description"] = {"text": html.get("meta_description") or "",
                                           "selector": ctx.selector(meta), "snippet": snippet(meta)}
            break
    for el in root.xpath("//h1 | //*[@aria-level='1']"):
        if heading_level(el) == 1 and not is_hidden(el):
            summary["h1"].append({"text": text_of(el), "selector": ctx.selector(el), "snippet": snippet(el)})
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            summary["canonical"] = ctx.page.public(ctx.page.absolute(link.get("href")))
            summary["canonical_selector"], summary["canonical_snippet"] = ctx.selector(link), snippet(link)
            break
    for a in root.xpath("//a[@href] | //area[@href]"):
        href = ctx.page.absolute(a.get("href"))
        if href and ctx.page.is_internal(href):
            summary["links"].append({"href": ctx.page.public(href), "text": text_of(a), "selector": ctx.selector(a),
                                     "snippet": snippet(a)})
    vocab = vocabulary()
    types: list[str] = []
    for entity in ctx.entities:
        for t in entity.types:
            if t not in types:
                types.append(t)
            if any(vocab.is_a(t, c) for c in CLINIC_TYPES):
                summary["clinic_markup"] = True
            if any(vocab.is_a(t, s) for s in SERVICE_TYPES):
                summary["service_markup"] = True
            if vocab.is_a(t, "MedicalCondition"):
                summary["condition_markup"] = True
        if entity.props.get("possibleTreatment") or entity.props.get("usedToDiagnose"):
            summary["condition_markup"] = True
    summary["types"] = types
    return summary
