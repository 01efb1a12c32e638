"""site.json from the content candidates of all pages: which pages are services, the conditions they treat (merged
across pages), and the clinic. Runs once after the crawl, reading the spool twice; memory holds the services,
conditions and a few counters, never the pages."""

from __future__ import annotations

import fnmatch
import re
from collections import Counter
from typing import Any, Callable, Iterable

from clinicaudit.content import INSURANCE, SERVICE_MENU_LABEL, aliases_in, slugify, smart_case, split_name
from clinicaudit.urls import url_key

Candidates = Callable[[], Iterable[dict[str, Any]]]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _matches(path: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(path, p) or fnmatch.fnmatchcase(path.rstrip("/") or "/", p.rstrip("/") or "/")
               for p in patterns)


def _unique(values: Iterable[str], exclude: Iterable[str] = ()) -> list[str]:
    seen = {_norm(x) for x in exclude}
    out = []
    for value in values:
        key = _norm(value)
        if value and key not in seen:
            seen.add(key)
            out.append(value)
    return out


def assemble(candidates: Candidates, config: dict[str, Any], home_url: str) -> dict[str, Any]:
    """`{"clinic", "services", "conditions"}` from the spooled candidates (`candidates()` may be called twice)."""
    services_cfg = config.get("services", {})
    home_key = url_key(home_url)

    # Pass 1: site-wide facts.
    nav_labels: dict[bytes, str] = {}
    nav_services: set[bytes] = set()
    nav_order: dict[bytes, int] = {}
    feature_pages: Counter[str] = Counter()
    features: dict[str, dict[str, Any]] = {}
    clinic_markup: list[tuple[bool, dict[str, Any]]] = []
    home: dict[str, Any] | None = None
    first_page: dict[str, Any] | None = None
    contact: dict[str, Any] = {}
    for cand in candidates():
        first_page = first_page or cand
        is_home = url_key(cand["url"]) == home_key
        if is_home:
            home = cand
        _merge_contact(contact, cand["contact"], prefer=is_home)
        for link in cand["nav_links"]:
            nav_labels.setdefault(url_key(link["url"]), link["label"])
            nav_order.setdefault(url_key(link["url"]), len(nav_order))
            if link["service"]:
                nav_services.add(url_key(link["url"]))
        for title in {_norm(f["title"]) for f in cand["features"]}:
            feature_pages[title] += 1
        for feature in cand["features"]:
            features.setdefault(_norm(feature["title"]), feature)
        clinic_markup.extend((is_home, m) for m in cand["clinic_markup"])
    # A feature (icon box, card) seen on two or more pages is clinic-wide: a selling point, not service content.
    clinic_wide = [f for title, f in features.items() if feature_pages[title] >= 2]
    clinic_lines = {_norm(f["title"]) for f in clinic_wide} | {_norm(f["text"]) for f in clinic_wide}
    clinic_images = {src for f in clinic_wide for src in f["images"]}

    # Pass 2: services and conditions, in menu order then URL order, so that the result does not depend on the
    # order in which pages happened to arrive.
    def order(cand: dict[str, Any]) -> tuple[int, str]:
        return nav_order.get(url_key(cand["url"]), len(nav_order)), cand["url"]

    services: list[dict[str, Any]] = []
    service_by_url: dict[bytes, dict[str, Any]] = {}
    condition_sources: list[tuple[dict[str, Any], dict[str, Any], bool]] = []
    for cand in candidates():
        key = url_key(cand["url"])
        evidence = []
        if cand["markup_services"]:
            evidence.append("markup")
        if key in nav_services:
            evidence.append("navigation")
        if cand["has_conditions_heading"] and not _is_overview(cand):
            evidence.append("conditions")
        if _matches(cand["path"], services_cfg.get("urls", [])):
            evidence.append("config")
        excluded = (key == home_key or _matches(cand["path"], services_cfg.get("exclude", []))
                    or bool(SERVICE_MENU_LABEL.search(nav_labels.get(key, ""))))
        if evidence and not excluded:
            service = _service(cand, evidence, nav_labels.get(key), clinic_lines, clinic_images)
            services.append(service)
            service_by_url[key] = service
            condition_sources.append((_slim(cand), service, True))
        elif cand["conditions"]:
            condition_sources.append((_slim(cand), {}, False))
    services.sort(key=order)
    condition_sources.sort(key=lambda source: order(source[0]))

    _unique_ids(services)
    conditions = _conditions(condition_sources, service_by_url)
    clinic = _clinic(home or first_page, contact, clinic_markup, clinic_wide, home_url)
    return {"clinic": clinic, "services": [_public(s) for s in services], "conditions": conditions}


def _service(cand: dict[str, Any], evidence: list[str], nav_label: str | None, clinic_lines: set[str],
             clinic_images: set[str]) -> dict[str, Any]:
    markup = cand["markup_services"][0] if cand["markup_services"] else {}
    h1 = cand["h1"]
    if markup.get("name"):
        raw_name = markup["name"]
    elif nav_label:
        raw_name = nav_label
    elif h1 and h1 != h1.upper():
        raw_name = h1
    elif cand["title"]:
        raw_name = re.split(r"\s+[|–—-]\s+", cand["title"])[0]
    else:
        raw_name = smart_case(h1 or cand["path"].strip("/").split("/")[-1].replace("-", " ").title())
    name, name_aliases = split_name(raw_name)
    if h1 and not markup.get("name"):
        # "DRY NEEDLING/IMS" under a menu label "Dry Needling": the heading's other names are aliases too.
        name_aliases += split_name(h1)[1]
    subjects = [name, raw_name, *name_aliases, *split_name(h1 or "")[:1]]
    aliases = _unique(name_aliases + list(markup.get("alternateName") or []) + aliases_in(cand["alias_text"], subjects),
                      exclude=[name])
    sections = _sections(cand["sections"], clinic_lines)
    return {
        "id": slugify(name) or slugify(cand["path"]) or "service",
        "name": name,
        "aliases": aliases,
        "url": cand["url"],
        "summary": markup.get("description") or cand["summary"],
        "intro": cand["intro"],
        "benefits": cand["benefits"],
        "sections": sections,
        "conditions": [],
        "images": [i for i in cand["images"] if i["src"] not in clinic_images],
        "evidence": evidence,
        "_path": cand["path"],
    }


def _sections(sections: list[dict[str, Any]], clinic_lines: set[str]) -> list[dict[str, str]]:
    """Sections without clinic-wide features; a heading left with no text and no kept subsection goes too."""
    kept = [(s["level"], s["heading"], "\n".join(line for line in s["lines"] if _norm(line) not in clinic_lines))
            for s in sections if _norm(s["heading"]).rstrip(":").strip() not in clinic_lines]
    keep = [False] * len(kept)
    for i in range(len(kept) - 1, -1, -1):
        level, _, text = kept[i]
        j = i + 1
        has_sub = False
        while j < len(kept) and kept[j][0] > level:
            has_sub = has_sub or keep[j]
            j += 1
        keep[i] = bool(text) or has_sub
    return [{"heading": heading, "text": text} for (_, heading, text), k in zip(kept, keep) if k]


def _unique_ids(services: list[dict[str, Any]]) -> None:
    counts = Counter(s["id"] for s in services)
    for s in services:
        if counts[s["id"]] > 1:
            tail = slugify(s["_path"].rstrip("/").rsplit("/", 1)[-1]) or "page"
            s["id"] = f"{s['id']}-{tail}" if tail != s["id"] else f"{s['id']}-{slugify(s['_path'])}"


def _public(service: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in service.items() if not k.startswith("_")}


def _conditions(sources: list[tuple[dict[str, Any], dict[str, Any], bool]],
                service_by_url: dict[bytes, dict[str, Any]]) -> list[dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for cand, service, is_service in sources:
        for item in cand["conditions"]:
            cid = slugify(item["name"])
            if not cid:
                continue
            cond = merged.setdefault(cid, {"id": cid, "name": item["name"], "examples": [], "treated_by": [],
                                           "urls": []})
            cond["examples"] = _unique(cond["examples"] + item["examples"])
            treated = [service["id"]] if is_service else [
                service_by_url[url_key(link)]["id"] for link in item.get("links") or []
                if link and url_key(link) in service_by_url]
            for sid in treated:
                if sid not in cond["treated_by"]:
                    cond["treated_by"].append(sid)
                svc = next((s for s in service_by_url.values() if s["id"] == sid), None)
                if svc is not None and cid not in svc["conditions"]:
                    svc["conditions"].append(cid)
            if cand["url"] not in cond["urls"]:
                cond["urls"].append(cand["url"])
    return list(merged.values())


def _slim(cand: dict[str, Any]) -> dict[str, Any]:
    """What the condition merge needs of a page, so that pass 2 holds no page content."""
    return {"url": cand["url"], "conditions": cand["conditions"]}


def _merge_contact(into: dict[str, Any], found: dict[str, Any], prefer: bool) -> None:
    """Each contact field from the home page when it has it, else from the first page that does."""
    for field, value in found.items():
        if value and (prefer or not into.get(field)):
            into[field] = value


def _is_overview(cand: dict[str, Any]) -> bool:
    """A conditions list whose items mostly link to other pages is an overview ("Conditions we treat"), not a
    service's own list."""
    items = cand["conditions"]
    linked = sum(1 for c in items if any(link and url_key(link) != url_key(cand["url"]) for link in c.get("links", [])))
    return bool(items) and linked * 2 > len(items)


def _clinic(home: dict[str, Any] | None, contact: dict[str, Any], markup: list[tuple[bool, dict[str, Any]]],
            clinic_wide: list[dict[str, Any]], home_url: str) -> dict[str, Any]:
    chosen = next((m for is_home, m in markup if is_home), None) or (markup[0][1] if markup else None)
    clinic: dict[str, Any] = {}
    sources: dict[str, str] = {}

    def put(field: str, markup_value: Any, content_value: Any) -> None:
        if markup_value:
            clinic[field], sources[field] = markup_value, chosen["syntax"]  # type: ignore[index]
        elif content_value:
            clinic[field], sources[field] = content_value, "content"
        else:
            clinic[field] = [] if field == "opening_hours" else None

    m = chosen or {}
    title = (home or {}).get("title") or ""
    title_name = re.split(r"\s+[|–—-]\s+", title)[-1].strip() if re.search(r"\s[|–—-]\s", title) else None
    put("name", m.get("name"), (home or {}).get("og_site_name") or title_name or (home or {}).get("logo_alt"))
    put("url", m.get("url") if (m.get("url") or "").startswith("http") else None, home_url)
    put("telephone", m.get("telephone"), contact.get("telephone"))
    put("email", m.get("email"), contact.get("email"))
    put("address", m.get("address"), contact.get("address"))
    put("opening_hours", m.get("opening_hours"), contact.get("opening_hours"))
    put("geo", m.get("geo"), contact.get("geo"))

    selling = [{"title": f["title"], "text": f["text"]} for f in clinic_wide if not f["linked"]]
    clinic["selling_points"] = selling
    insurance = next((f["text"] for f in selling if INSURANCE.search(f["title"] + " " + f["text"])), None)
    if insurance is None:
        insurance = next(iter((home or {}).get("paragraphs") or []), None)
    clinic["insurance"] = insurance
    if insurance:
        sources["insurance"] = "content"
    if selling:
        sources["selling_points"] = "content"
    clinic["sources"] = sources
    return clinic
