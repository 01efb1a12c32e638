"""site.json from the evidence of all pages: `facts.py` reads the site once, `services.py` decides which pages are
services, this module gathers the conditions lists and whose they are, and `clinic.py` the clinic. Reads the spool
twice; memory holds a compact digest per page, the services and the conditions, never the pages' content. The
result does not depend on the order in which pages arrived: every choice is made in a fixed order (menu position,
then URL)."""

from __future__ import annotations

import re
from typing import Any

from clinicaudit.extract.candidates import PageEvidence
from clinicaudit.extract.clinic import clinic_record, clinic_wide
from clinicaudit.extract.conditions import PROSE_KINDS, ItemGroup, is_conditions_list
from clinicaudit.extract.facts import TITLE_SEPARATORS, Candidates, Digest, SiteFacts, norm, read_site_facts
from clinicaudit.extract.phrases import parse_condition, slugify, strip_article, trim_condition
from clinicaudit.extract.services import (SERVICE_THRESHOLD, condition_page, menu_section_services, public, score_pages,
                                          section_services, service_record, unique_ids)
from clinicaudit.extract.vocabulary import condition_likeness, is_generic
from clinicaudit.urls import url_key


def assemble(candidates: Candidates, config: dict[str, Any], home_url: str,
             redirects: dict[str, str] | None = None) -> dict[str, Any]:
    """`{"clinic", "services", "conditions"}` from the spooled page evidence (`candidates()` is called twice);
    `redirects` maps URLs that the crawl saw redirect to the URL of the page they reached."""
    home_key = url_key(home_url)
    facts = read_site_facts(candidates, home_key, redirects or {})
    score_pages(facts, config, home_key)
    services, conditions = _services_and_conditions(candidates, facts)
    clinic = clinic_record(facts, home_url)
    return {"clinic": clinic, "services": services, "conditions": conditions}


def _services_and_conditions(candidates: Candidates,
                             facts: SiteFacts) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    features = clinic_wide(facts)
    clinic_lines = {norm(f.title) for f in features} | {norm(f.text) for f in features}
    clinic_images = {src for f in features for src in f.images}
    service_keys = {k for k, d in facts.digests.items() if d.score >= SERVICE_THRESHOLD}
    services: list[dict[str, Any]] = []
    by_key: dict[bytes, dict[str, Any]] = {}
    sources: list[tuple[tuple[int, str], str, list[dict[str, Any]], bytes | None]] = []
    site_wide_done: set[str] = set()
    for raw in candidates():
        ev = PageEvidence.from_dict(raw)
        key = url_key(ev.url)
        digest = facts.digests[key]
        if key in facts.duplicates:
            continue
        service = None
        if key in service_keys:
            service = service_record(ev, digest, facts.label(key), clinic_lines, clinic_images)
            services.append(service)
            by_key[key] = service
            services.extend(menu_section_services(ev, facts))
        elif any(s.signal == "services-index" for s in digest.signals):
            for section_service in section_services(ev, facts):
                services.append(section_service)
        lists = [g for g in ev.groups if not digest.is_article and is_conditions_list(g)]
        # a group whose items are the headings of the page's other conditions lists ("Foot & ankle", "Knee" over
        # their own lists) names their groups, not conditions
        headed = {norm(g.heading) for g in lists if g.heading}
        lists = [g for g in lists if not (len(headed) >= 2 and all(norm(i.text) in headed for i in g.items))]
        examples = {norm(x) for g in lists if g.kind not in PROSE_KINDS
                    for i in g.items for x in (parse_condition(i.text) or {}).get("examples", [])}
        for group in lists:
            if group.kind in PROSE_KINDS and all(norm(i.text) in examples for i in group.items):
                continue  # the prose repeats the examples of a listed condition
            if _is_navigation(group, facts):
                continue
            site_wide = facts.pages >= 3 and facts.group_pages[group.signature] >= facts.share()
            if site_wide:
                if group.signature in site_wide_done:
                    continue
                site_wide_done.add(group.signature)
            items = [c for i in group.items if i.likeness > -0.5 and parse_condition(i.text)
                     for c in _condition_items(i.text, i.links)]
            owner = service["_key"] if service is not None and not site_wide else None
            sources.append((facts.order(ev.url), ev.url, items, owner))
        if service is None and condition_page(digest) and digest.h1:
            name = digest.markup_condition or digest.h1
            treatments = next((m["treatments"] for m in ev.markup_conditions if m["name"] == digest.markup_condition), [])
            sources.append((facts.order(ev.url), ev.url, [{"name": name, "examples": [], "links": ev.main_links,
                                                            "treatments": treatments}], None))
        for m in ev.markup_conditions:
            if m["name"] != digest.markup_condition:
                owner = service["_key"] if service is not None else None
                sources.append((facts.order(ev.url), ev.url, [{"name": m["name"], "examples": [], "links": [],
                                                                "treatments": m["treatments"]}], owner))
    services.sort(key=lambda s: facts.order(s["url"]))
    sources.sort(key=lambda src: (src[0], src[1]))
    unique_ids(services)
    conditions = _conditions(sources, services, facts)
    return [public(s) for s in services], conditions


def _condition_items(text: str, links: list[str]) -> list[dict[str, Any]]:
    """The condition a list item names; two when it names two with "or" and each reads as a condition on its own
    ("after a stroke or an acquired brain injury"; not "neck or back pain")."""
    parsed = parse_condition(text) or {"name": text, "examples": []}
    name = trim_condition(parsed["name"], condition_likeness)
    if is_generic(name):
        return []  # a table's "Condition" column heading, a lone "Pain": no condition
    named = [p for p in re.split(r",?\s+or\s+", name) if p.strip()]
    if len(named) > 1 and any(is_generic(p) for p in named):  # "Pelvic pain, or pain [during sex]"
        name = " or ".join(p for p in named if not is_generic(p)).strip(" ,")
    parts = [strip_article(p.strip()) for p in re.split(r"\s+or\s+", name)]
    # each its own noun phrase: "after a stroke or an acquired brain injury", "an infected nerve or a dental abscess"
    least = 0.6 if len(parts) == 2 and re.search(r"\s+or\s+(?:an?|the)\s+", name, re.IGNORECASE) else 0.8
    if len(parts) > 1 and "(" not in name and all(condition_likeness(p) >= (least if " " in p else 1.0) for p in parts):
        return [{"name": p[0].upper() + p[1:] if name[:1].isupper() else p, "examples": [], "links": links}
                for p in parts]
    return [{**parsed, "name": name, "links": links}]


def _is_navigation(group: ItemGroup, facts: SiteFacts) -> bool:
    """A group whose items are links named after the pages they lead to (a menu, a list of services or blog posts,
    "Home", "Contact"), or that mostly lead to pages not about a condition while their words do not name conditions, is
    navigation. An overview's "Arthritis" linking to the Manual Therapy page is not."""
    linked = [(i, facts.digests.get(facts.resolve(i.links[0]))) for i in group.items if i.links]
    known = [(i, d) for i, d in linked if d is not None]
    if not known or len(known) * 2 < len(group.items):
        return False
    # a link named after the page it leads to is that page's label; a page about one condition is still a condition,
    # but a blog post about one is a post, and a list of posts' titles ("Recent posts") is navigation
    named_after = sum(1 for i, d in known if norm(i.text) in _page_names(d, facts)
                      and (d.is_article or not condition_page(d)))
    if named_after * 2 >= len(known):
        return True
    mean = sum(i.likeness for i in group.items) / len(group.items)
    return mean < 0.3 and sum(1 for _, d in known if not condition_page(d)) * 2 >= len(known)


def _page_names(d: Digest, facts: SiteFacts) -> set[str]:
    names = {norm(d.h1 or ""), norm(TITLE_SEPARATORS.split(d.title or "")[0])}
    names.update(norm(label) for label in facts.labels.get(url_key(d.url), ()))
    return names - {""}


def _conditions(sources: list[tuple[tuple[int, str], str, list[dict[str, Any]], bytes | None]],
                services: list[dict[str, Any]], facts: SiteFacts) -> list[dict[str, Any]]:
    by_key = {s["_key"]: s for s in services}
    by_url = {url_key(s["url"]): s for s in services if "#" not in s["url"]}
    by_name = {}
    for s in services:
        for n in [s["name"], *s["aliases"]]:
            by_name.setdefault(slugify(n), s)
    merged: dict[str, dict[str, Any]] = {}
    for _, page_url, items, owner in sources:
        for item in items:
            cid = slugify(item["name"])
            if not cid:
                continue
            cond = merged.setdefault(cid, {"id": cid, "name": item["name"], "examples": [], "treated_by": [],
                                           "urls": []})
            for example in item["examples"]:  # "tennis elbow" is already in "lateral epicondylitis (tennis elbow)"
                if not any(re.search(rf"(?<!\w){re.escape(norm(example))}(?!\w)", norm(x)) for x in cond["examples"]):
                    cond["examples"].append(example)
            treating = [by_key[owner]] if owner is not None and owner in by_key else []
            treating += [by_url[facts.resolve(link)] for link in item.get("links") or [] if facts.resolve(link) in by_url]
            treating += [by_name[slugify(t)] for t in item.get("treatments") or [] if slugify(t) in by_name]
            for svc in treating:
                if svc["id"] not in cond["treated_by"]:
                    cond["treated_by"].append(svc["id"])
                if cid not in svc["conditions"]:
                    svc["conditions"].append(cid)
            if page_url not in cond["urls"]:
                cond["urls"].append(page_url)
    return list(merged.values())
