"""One page's evidence: its main content read as blocks (introduction, sections, images, feature runs), its links
outside the main content, its groups of items, its markup and contact details. Runs once per page in the crawl's
pipeline; nothing here knows the rest of the site."""

from __future__ import annotations

import hashlib
import re
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

import lxml.etree
from lxml.html import HtmlElement

from clinicaudit.dom import image_src
from clinicaudit.record import canonical
from clinicaudit.extract.blocks import Block, blocks, content_root, feature_runs, title_area
from clinicaudit.extract.candidates import Feature, PageEvidence, Section
from clinicaudit.extract.clinic import (clinic_entities, contact_details, may_hold_contact, mentions_insurance,
                                        region_of)
from clinicaudit.extract.conditions import configured_group, element_kind, item_groups, outline_groups
from clinicaudit.extract.menus import page_links
from clinicaudit.extract.phrases import clean_item
from clinicaudit.extract.vocabulary import condition_likeness
from clinicaudit.page import Page, collapse, text_of
from clinicaudit.schemaorg import entities
from clinicaudit.vocab import vocabulary

SERVICE_TYPES = ("MedicalTherapy", "PhysicalTherapy", "TherapeuticProcedure", "MedicalProcedure", "Service")
ARTICLE_TYPES = ("BlogPosting", "NewsArticle", "SocialMediaPosting", "LiveBlogPosting")
BENEFITS_HEADING = re.compile(r"benefit", re.IGNORECASE)
_LOGO = re.compile(r"logo", re.IGNORECASE)
_DATED = lxml.etree.XPath(".//time[@datetime] | .//*[@itemprop='datePublished'][not(self::meta)]")
# A date a theme shows in an element of its own ("post-date", "entry-date", "published") without <time>.
_DATE_CLASSED = lxml.etree.XPath(".//*[contains(translate(@class, 'DATEPUBLISHD', 'datepublishd'), 'date') or "
                                 "contains(translate(@class, 'DATEPUBLISHD', 'datepublishd'), 'published')]"
                                 "[string-length(normalize-space(.)) <= 40]")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_TEXT = re.compile(r"\b(?:" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+"
                        + _MONTH + r",?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})\b", re.IGNORECASE)
_AUTHOR = lxml.etree.XPath(".//*[@rel='author' or contains(@class, 'author') or @itemprop='author'][not(self::meta)]"
                           "[normalize-space(.)]")


def _anchor(el: HtmlElement) -> str | None:
    """The fragment that leads to a heading: its id, a wrapper's id it opens, or an `<a name>` just before it."""
    if el.get("id"):
        return el.get("id")
    for a in el.iter("a"):
        if a.get("name") or a.get("id"):
            return a.get("name") or a.get("id")
    prev = el.getprevious()
    if prev is not None and prev.tag == "a" and (prev.get("name") or prev.get("id")) and not prev.get("href"):
        return prev.get("name") or prev.get("id")
    node = el
    for _ in range(6):  # a section's wrapper whose first heading this is ("<div id="white-fillings"> … <h2>")
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "main"):
            break
        ident = parent.get("id")
        if ident and not re.search(r"\d{3,}|^(main|content|page|primary)", ident):
            first = next(parent.iter("h1", "h2", "h3", "h4", "h5", "h6"), None)
            return ident if first is el else None
        node = parent
    return None


def _logo_alt(page: Page) -> str | None:
    for img in page.body.iter("img"):
        alt = collapse(img.get("alt"))
        if not alt:
            continue
        marks = " ".join(filter(None, [img.get("class"), img.get("id"), img.get("src"), alt] + [
            f"{a.get('class') or ''} {a.get('id') or ''}" for a in list(img.iterancestors())[:3]]))
        if _LOGO.search(marks):
            return re.sub(r"\s*\blogo\b\s*", " ", alt, flags=re.IGNORECASE).strip(" -|") or None
    return None


def _is_article(page: Page, types: list[str], main: HtmlElement, structured: list[Any]) -> bool:
    """A dated post: BlogPosting or NewsArticle markup, an Article item with a publication date and an author, or
    a visible date (a <time>, or a date in an element whose class says so: "post-date") and author. (Joomla marks
    every page an `Article`: not a blog marker on its own.)"""
    if any(t in ARTICLE_TYPES for t in types):
        return True
    vocab = vocabulary()
    if any(any(vocab.is_a(t, "Article") for t in e.types) and e.text("datePublished") and e.props.get("author")
           for e in structured):
        return True
    if not _AUTHOR(main):  # most pages name no author: the date is not looked for
        return False
    return bool(_DATED(main)) or any(_DATE_TEXT.search(el.text_content()) for el in _DATE_CLASSED(main))


_CONTACT_FIELDS = ("telephone", "address", "opening_hours", "geo")


def skeleton(root: HtmlElement) -> str:
    """The layout of a page's main content: the tags and kinds of class (numbers and states left out) of its first
    top-level elements, hashed. Pages a builder made from one template share it ("et_pb_section … et_pb_section")."""
    layout = "|".join(f"{c.tag}.{element_kind(c)}" for c in islice((c for c in root if isinstance(c.tag, str)), 8))
    return hashlib.sha1(layout.encode()).hexdigest()[:12]


def read_page(page: Page, public_url: str, config: dict[str, Any] | None = None) -> PageEvidence:
    """The evidence of one HTML page (written to the work spool, read back by `site.assemble`)."""
    config = config or {}
    root, inside_main = content_root(page)
    area = title_area(root) if not inside_main else set()  # a header module holding the h1: content, not chrome
    all_blocks = list(blocks(root, inside_main, area))
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

    first_heading = next((i for i, b in enumerate(body) if b.kind == "heading"), len(body))
    intro = body[:first_heading]
    paragraphs = [b.text for b in intro if b.kind == "text"]
    benefits = _intro_benefits(intro)
    sections = _sections(body, first_heading, page)
    if not benefits:
        benefits = next((s.lines for s in sections if BENEFITS_HEADING.search(s.heading) and s.lines
                         and all(len(x) <= 160 for x in s.lines)), [])
        benefits = [clean_item(x) for x in benefits if clean_item(x)]

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
    markup_conditions = [
        {"name": collapse(e.text("name")),
         "treatments": [collapse(t.text("name") if hasattr(t, "text") else str(t)) for t in
                        (e.props.get("possibleTreatment") or []) if (t.text("name") if hasattr(t, "text") else t)]}
        for e in structured if e.text("name") and any(vocab.is_a(t, "MedicalCondition") for t in e.types)
        and not any(vocab.is_a(t, "MedicalSignOrSymptom") for t in e.types)]  # a symptom is a condition's sign
    # A therapy named only as a condition's possibleTreatment is the condition page's link, not its subject.
    treatments = {id(t) for e in structured for t in (e.props.get("possibleTreatment") or []) if hasattr(t, "text")}
    services_markup = [
        {"types": e.types, "name": e.text("name"), "alternateName": e.texts("alternateName"),
         "description": e.text("description"), "url": e.text("url")}
        for e in structured if any(vocab.is_a(t, s) for t in e.types for s in SERVICE_TYPES)
        and id(e) not in treatments
        and not any(vocab.is_a(t, "LocalBusiness") or vocab.is_a(t, "Organization") for t in e.types)]
    top_types = sorted({t for e in structured for t in e.types})

    clinic_markup = clinic_entities(structured)
    main = root if inside_main else None
    menu_links, main_links, menu_sections = page_links(page, main)
    groups = item_groups(page, main, {b.el: b.text for b in all_blocks if b.kind == "text"}, area)
    groups.extend(outline_groups(all_blocks, page, inside_main, groups))
    headings = [re.compile(p, re.IGNORECASE) for p in config.get("conditions", {}).get("heading", [])]
    for group in groups:  # `[conditions] heading`: these headings name conditions lists (cue 2)
        if any(p.search(group.heading or "") or p.search(group.lead or "") for p in headings):
            group.cue = 2
    selector = config.get("conditions", {}).get("selector")
    configured = configured_group(page, selector) if selector else None
    if configured is not None:
        groups.append(configured)
    runs = feature_runs(body)
    og_site_name = next((collapse(m.get("content")) for m in page.root.xpath("//meta[@property='og:site_name']")), None)
    html_el = page.root if page.root.tag == "html" else page.root.getroottree().getroot()
    return PageEvidence(
        url=public_url,
        path=urlsplit(public_url).path or "/",
        title=collapse(page.root.findtext(".//title")) or None,
        h1=h1,
        lang=(html_el.get("lang") or "").strip() or None,
        region=region_of(page, public_url),
        canonical=page.public(canonical(page)),
        meta_description=next((collapse(m.get("content")) for m in page.root.xpath("//meta[@name='description']")),
                              None),
        intro="\n".join(b.text for b in intro if b.kind in ("text", "item") and b.text),
        summary=paragraphs[0] if paragraphs else None,
        alias_text=" ".join([h1 or ""] + [b.text for b in body if b.kind in ("text", "heading")])[:20000],
        benefits=benefits,
        sections=sections,
        images=images,
        features=[Feature(title=f["title"].rstrip(":").strip(), text=f["text"],
                          images=[page.public(page.absolute(image_src(b.el)[0])) for b in body[f["start"]:f["end"] + 1]
                                  if b.kind == "image" and image_src(b.el)[0]],
                          linked=any(h and not h.startswith("#") for h in f["links"]))
                  for run in runs for f in run],
        menu_links=menu_links,
        main_links=main_links,
        groups=groups,
        markup_services=services_markup,
        markup_conditions=markup_conditions,
        page_types=top_types,
        is_article=_is_article(page, top_types, root, structured),
        clinic_markup=clinic_markup,
        contact=contact_details(page, public_url, frozenset(k for m in clinic_markup for k in _CONTACT_FIELDS if m.get(k)))
        if may_hold_contact(page, public_url) else {},
        organization=next(({"name": collapse(e.text("name")), "syntax": e.syntax} for e in structured
                            if e.text("name") and any(vocab.is_a(t, "Organization") for t in e.types)), None),
        og_site_name=og_site_name,
        logo_alt=_logo_alt(page),
        paragraphs=[b.text for b in body if b.kind == "text" and mentions_insurance(b.text)][:3],
        skeleton=skeleton(root),
        menu_sections=menu_sections,
    )


def _intro_benefits(intro: list[Block]) -> list[str]:
    """The items of the first list in the introduction when the paragraph before it ends in `:`."""
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
    # A list of conditions after "It can help with:" is not a list of benefits.
    if benefits and sum(condition_likeness(b) >= 0.6 for b in benefits) * 2 > len(benefits):
        return []
    return benefits


def _sections(body: list[Block], first_heading: int, page: Page) -> list[Section]:
    sections = []
    for i in range(first_heading, len(body)):
        head = body[i]
        if head.kind != "heading" or not head.text:
            continue
        end = next((k for k in range(i + 1, len(body)) if body[k].kind == "heading"), len(body))
        own = body[i + 1:end]
        # a block's own links, and the link around it (a builder's "Find out more" button: <a><div>…</div></a>)
        anchors = [a for b in [head, *own] for a in (*b.el.iter("a"), *islice(b.el.iterancestors("a"), 1))]
        links = [page.public(page.absolute(a.get("href"))) for a in anchors
                 if (a.get("href") or "").strip()[:1] not in ("", "#")]
        sections.append(Section(heading=head.text, level=head.level, anchor=_anchor(head.el),
                                lines=[b.text for b in own if b.kind in ("text", "item", "row") and b.text],
                                links=[u for u in links if u]))
    return sections
