"""site.json from the evidence of all pages: which pages are services (signals weighed and summed), which groups of
items are conditions lists and whose, and the clinic. Runs once after the crawl and reads the spool twice; memory
holds a compact digest per page, the services and the conditions, never the pages' content. The result does not
depend on the order in which pages arrived: every choice is made in a fixed order (menu position, then URL)."""

from __future__ import annotations

import fnmatch
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable
from urllib.parse import urlsplit

from clinicaudit.extract.candidates import PageEvidence, Signal
from clinicaudit.extract.clinic import INSURANCE, normalize_phone
from clinicaudit.extract.conditions import ItemGroup, is_conditions_list
from clinicaudit.extract.phrases import aliases_in, parse_condition, slugify, smart_case, split_name, trim_condition
from clinicaudit.extract.vocabulary import (condition_likeness, is_service_index, names_therapy, says_not_service,
                                            tokens, vocabulary)
from clinicaudit.urls import url_key

Candidates = Callable[[], Iterable[dict[str, Any]]]
SERVICE_THRESHOLD = 3
# A link (or a group of items) on at least this share of the site's pages is part of its menus (or of its chrome).
SITE_WIDE_SHARE = 0.4
_TITLE_SEPARATORS = re.compile(r"\s+[|–—:·•»-]\s+|\s+::\s+")
_INDEX_TAIL = ("services", "treatments", "therapies", "service", "treatment")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("&", " and ")).strip().lower()


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


@dataclass
class Digest:
    """What the service decision needs of a page."""

    url: str
    path: str
    h1: str | None
    title: str | None
    is_article: bool
    page_types: list[str]
    markup_service: str | None
    markup_types: list[str]
    markup_condition: str | None
    main_links: list[str]
    own_lists: int
    therapy_sections: int
    signals: list[Signal] = field(default_factory=list)

    @property
    def score(self) -> float:
        return round(sum(s.weight for s in self.signals), 2)


@dataclass
class SiteFacts:
    """Pass 1: what the whole site says about its pages."""

    pages: int = 0
    link_pages: Counter[bytes] = field(default_factory=Counter)
    labels: dict[bytes, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    trails: dict[bytes, Counter[tuple[str, ...]]] = field(default_factory=lambda: defaultdict(Counter))
    menu_position: dict[bytes, int] = field(default_factory=dict)
    group_pages: Counter[str] = field(default_factory=Counter)
    feature_pages: Counter[str] = field(default_factory=Counter)
    features: dict[str, tuple[tuple[int, str], int, Any]] = field(default_factory=dict)
    title_parts: Counter[str] = field(default_factory=Counter)
    clinic_markup: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    contact: dict[str, tuple[tuple[int, str], Any]] = field(default_factory=dict)
    digests: dict[bytes, Digest] = field(default_factory=dict)
    link_urls: dict[bytes, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # a URL that redirects (or is a canonical) → the page
    duplicates: set[bytes] = field(default_factory=set)  # pages that are another page's copy (`/index.html`)
    home: PageEvidence | None = None
    first: PageEvidence | None = None

    def resolve(self, url: str) -> bytes:
        """The page a link leads to: through the crawl's redirects and the pages' canonical links, else the one
        page that answers for its other spelling (`/about` and `/about/`, `/index.html` and `/`)."""
        key = url_key(self.aliases.get(url, url))
        if key in self.digests:
            return key
        base = url.split("#", 1)[0]
        for variant in (base + "/" if not base.endswith("/") else base.rstrip("/"),
                        base[: -len("index.html")] if base.endswith("/index.html") else None,
                        base[:-5] if base.endswith(".html") else base + ".html"):
            if variant and url_key(self.aliases.get(variant, variant)) in self.digests:
                return url_key(self.aliases.get(variant, variant))
        return key

    def share(self) -> int:
        return max(2, math.ceil(self.pages * SITE_WIDE_SHARE)) if self.pages >= 3 else 1

    def in_menu(self, key: bytes) -> bool:
        return self.link_pages[key] >= self.share()

    def label(self, key: bytes) -> str | None:
        counts = self.labels.get(key)
        if not counts or not self.in_menu(key):
            return None
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]

    def trail(self, key: bytes) -> tuple[str, ...]:
        counts = self.trails.get(key)
        if not counts:
            return ()
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]

    def order(self, url: str) -> tuple[int, str]:
        return self.menu_position.get(url_key(url), 10**6), url


def assemble(candidates: Candidates, config: dict[str, Any], home_url: str,
             redirects: dict[str, str] | None = None) -> dict[str, Any]:
    """`{"clinic", "services", "conditions"}` from the spooled page evidence (`candidates()` is called twice);
    `redirects` maps URLs that the crawl saw redirect to the URL of the page they reached."""
    home_key = url_key(home_url)
    facts = _site_facts(candidates, home_key, redirects or {})
    _score_pages(facts, config, home_key)
    services, conditions = _services_and_conditions(candidates, facts, config, home_key)
    clinic = _clinic(facts, home_url)
    return {"clinic": clinic, "services": services, "conditions": conditions}


# -- pass 1 --------------------------------------------------------------------------------------------------------


def _site_facts(candidates: Candidates, home_key: bytes, redirects: dict[str, str]) -> SiteFacts:
    facts = SiteFacts(aliases=dict(redirects))
    for raw in candidates():
        ev = PageEvidence.from_dict(raw)
        key = url_key(ev.url)
        facts.pages += 1
        is_home = key == home_key
        if is_home:
            facts.home = ev
        if facts.first is None or ev.url < facts.first.url:
            facts.first = ev
        for i, link in enumerate(ev.menu_links):
            k = url_key(link.url)
            facts.link_urls[k] = link.url
            facts.link_pages[k] += 1
            facts.labels[k][link.label] += 1
            facts.trails[k][tuple(link.trail)] += 1
            facts.menu_position[k] = min(facts.menu_position.get(k, i), i)
        for sig in {g.signature for g in ev.groups}:
            facts.group_pages[sig] += 1
        for title in {_norm(f.title) for f in ev.features}:
            facts.feature_pages[title] += 1
        for index, f in enumerate(ev.features):
            kept = facts.features.get(_norm(f.title))
            if kept is None or (ev.url, index) < (kept[0][1], kept[1]):
                facts.features[_norm(f.title)] = ((0, ev.url), index, f)
        for part in {p.strip() for p in _TITLE_SEPARATORS.split(ev.title or "") if p.strip()}:
            facts.title_parts[part] += 1
        facts.clinic_markup.extend((0 if is_home else 1, ev.url, m) for m in ev.clinic_markup)
        rank = (0 if is_home else 1, ev.url)
        for name, value in ev.contact.items():
            if value and (name not in facts.contact or rank < facts.contact[name][0]):
                facts.contact[name] = (rank, value)
        facts.digests[key] = Digest(
            url=ev.url, path=ev.path, h1=ev.h1, title=ev.title, is_article=ev.is_article, page_types=ev.page_types,
            markup_service=next((m.get("name") or "" for m in ev.markup_services), None),
            markup_types=sorted({t for m in ev.markup_services for t in m["types"]}),
            markup_condition=next((m["name"] for m in ev.markup_conditions if _describes_page(m["name"], ev)),
                                  ev.markup_conditions[0]["name"] if ev.markup_conditions and not ev.markup_services
                                  else None),
            main_links=ev.main_links, own_lists=0,
            therapy_sections=sum(1 for s in ev.sections if s.level <= 3 and s.lines and names_therapy(s.heading)))
        facts.digests[key].own_lists = len([g for g in ev.groups if is_conditions_list(g)])
        if ev.canonical and ev.canonical != ev.url:
            facts.aliases.setdefault(ev.canonical, ev.url)
    _fold_index_files(facts)
    _merge_spellings(facts)
    return facts


_INDEX_FILE = re.compile(r"/(?:index|default)\.(?:html?|php|aspx?)$", re.IGNORECASE)


def _fold_index_files(facts: SiteFacts) -> None:
    """`/index.html` that a server also answers at `/` is one page under two URLs (hand-written sites link both):
    the folder's URL stands for it, and the copy is left out of every decision."""
    for key, d in list(facts.digests.items()):
        if _INDEX_FILE.search(d.path):
            folder = _INDEX_FILE.sub("/", d.url)
            if url_key(folder) in facts.digests and url_key(folder) != key:
                facts.aliases[d.url] = folder
                d.signals.append(Signal("same-page-as", -100, folder))
                facts.duplicates.add(key)


def _merge_spellings(facts: SiteFacts) -> None:
    """Menu links counted under another spelling of a page's URL are counted under the page's."""
    for k, url in list(facts.link_urls.items()):
        target = facts.resolve(url)
        if target == k or target not in facts.digests:
            continue
        facts.link_pages[target] = max(facts.link_pages[target], facts.link_pages.pop(k, 0))
        facts.labels[target].update(facts.labels.pop(k, Counter()))
        facts.trails[target].update(facts.trails.pop(k, Counter()))
        if k in facts.menu_position:
            position = facts.menu_position.pop(k)
            facts.menu_position[target] = min(facts.menu_position.get(target, position), position)


def _describes_page(name: str, ev: PageEvidence) -> bool:
    """A MedicalCondition item is the page's subject when the page's h1 or title names it."""
    low = _norm(name)
    return bool(low) and (low in _norm(ev.h1 or "") or low in _norm(ev.title or ""))


# -- which pages are services ---------------------------------------------------------------------------------------


def _is_index(facts: SiteFacts, d: Digest) -> bool:
    """A page that indexes services: its menu label or h1 is "Services", "Our Treatments"…, or it is the root of
    a services folder (`/services/`), or its name ends in "services" and it describes several therapies."""
    label = facts.label(url_key(d.url)) or ""
    segments = [s for s in d.path.split("/") if s]
    folder_root = len(segments) == 1 and segments[0].rsplit(".", 1)[0] in vocabulary().service_folders
    if folder_root or is_service_index(label) or is_service_index(d.h1):
        return True
    tail = any(tokens(x)[-1:] and tokens(x)[-1] in _INDEX_TAIL and len(tokens(x)) <= 3 for x in (label, d.h1 or ""))
    return tail and d.therapy_sections >= 2


def _condition_page(d: Digest) -> bool:
    """A page about one condition: its markup's MedicalCondition, its place in a conditions folder, or an h1 that
    names a condition and no therapy."""
    if d.markup_condition and not d.markup_service:
        return True
    segments = [x for x in d.path.split("/") if x]
    if len(segments) >= 2 and segments[-2] in vocabulary().condition_folders:
        return True
    if len(segments) >= 2 and segments[-2] in vocabulary().service_folders:
        return False  # "Neck-related dizziness" under /services/ is the name of a service
    name = d.h1 or (d.title or "").split("|")[0]
    return bool(name) and condition_likeness(name) >= 0.8 and not names_therapy(name)


def _score_pages(facts: SiteFacts, config: dict[str, Any], home_key: bytes) -> None:
    vocab = vocabulary()
    services_cfg = config.get("services", {})
    index_keys = {k for k, d in facts.digests.items() if k != home_key and _is_index(facts, d)}
    overview_targets: dict[bytes, str] = {}
    for k in sorted(index_keys, key=lambda k: facts.digests[k].url):
        for link in facts.digests[k].main_links:
            target = facts.resolve(link)
            if not facts.in_menu(target):  # the index's own links, not the menu it repeats (pages without <main>)
                overview_targets.setdefault(target, facts.digests[k].path)
    for key, d in facts.digests.items():
        s = d.signals
        if key in facts.duplicates:
            continue
        if key == home_key:
            s.append(Signal("home-page", -100))
            continue
        if key in index_keys:
            s.append(Signal("services-index", -100))
            continue
        if _matches(d.path, services_cfg.get("exclude", [])):
            s.append(Signal("config-exclude", -100))
            continue
        if _matches(d.path, services_cfg.get("urls", [])):
            s.append(Signal("config", 10, "[services] urls"))
        if d.markup_service is not None:
            s.append(Signal("markup", 4, ", ".join(d.markup_types)))
        label = facts.label(key)
        trail = facts.trail(key)
        if label is not None:
            if any(is_service_index(t) for t in trail) or any(url_key(u) in index_keys for u in ()):
                s.append(Signal("menu-services", 3, " › ".join(reversed(trail))))
            elif names_therapy(label):
                s.append(Signal("menu-therapy", 2, label))
            else:
                s.append(Signal("menu", 1, label))
        segments = [x for x in d.path.split("/") if x]
        if len(segments) >= 2 and segments[-2] in vocab.service_folders:
            s.append(Signal("url-services-folder", 2, "/" + segments[-2] + "/"))
        if key in overview_targets:
            s.append(Signal("overview-link", 2, overview_targets[key]))
        name = d.markup_service or label or d.h1
        title_name = _TITLE_SEPARATORS.split(d.title or "")[0].strip() if not d.h1 else None
        named = next((n for n in (d.h1, label, title_name) if names_therapy(n)), None)
        if named:
            s.append(Signal("names-therapy", 2, named))
        if d.own_lists:
            # a list of conditions supports a page that names a therapy or sits where services do; on its own it
            # is as likely an overview ("Smile Concerns")
            supported = any(x.signal in ("markup", "menu-services", "menu-therapy", "url-services-folder",
                                         "names-therapy", "config") for x in s)
            s.append(Signal("conditions-list", 2 if supported else 1))
        if d.is_article or (segments and segments[0] in vocab.article_folders):
            s.append(Signal("article", -5))
        if _condition_page(d):
            s.append(Signal("condition-page", -5, d.markup_condition or d.h1))
        if says_not_service(label) or says_not_service(d.h1) or (segments and says_not_service(
                segments[-1].rsplit(".", 1)[0].replace("-", " ")) and not names_therapy(name)):
            s.append(Signal("not-a-service-page", -4, label or d.h1 or d.path))
    # Siblings: several likely services under one folder.
    folders: Counter[str] = Counter()
    for d in facts.digests.values():
        if d.score >= 2 and d.path.rstrip("/").count("/") >= 2:
            folders[d.path.rstrip("/").rsplit("/", 1)[0]] += 1
    for d in facts.digests.values():
        folder = d.path.rstrip("/").rsplit("/", 1)[0]
        if d.path.rstrip("/").count("/") >= 2 and folders[folder] >= 3 and d.score > -50:
            d.signals.append(Signal("siblings", 1, f"{folders[folder]} pages under {folder}/"))


# -- pass 2: services and conditions --------------------------------------------------------------------------------


def _services_and_conditions(candidates: Candidates, facts: SiteFacts, config: dict[str, Any],
                             home_key: bytes) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    clinic_wide = _clinic_wide(facts)
    clinic_lines = {_norm(f.title) for f in clinic_wide} | {_norm(f.text) for f in clinic_wide}
    clinic_images = {src for f in clinic_wide for src in f.images}
    heading_patterns = [re.compile(p, re.IGNORECASE) for p in config.get("conditions", {}).get("heading", [])]
    service_keys = {k for k, d in facts.digests.items() if d.score >= SERVICE_THRESHOLD}
    services: list[dict[str, Any]] = []
    by_key: dict[bytes, dict[str, Any]] = {}
    sources: list[tuple[tuple[int, str], str, list[dict[str, Any]], str | None]] = []
    site_wide_done: set[str] = set()
    for raw in candidates():
        ev = PageEvidence.from_dict(raw)
        key = url_key(ev.url)
        digest = facts.digests[key]
        if key in facts.duplicates:
            continue
        service = None
        if key in service_keys:
            service = _service(ev, digest, facts.label(key), clinic_lines, clinic_images)
            services.append(service)
            by_key[key] = service
        elif any(s.signal == "services-index" for s in digest.signals):
            for section_service in _section_services(ev, facts):
                services.append(section_service)
        examples = {_norm(x) for g in ev.groups if g.kind != "inline" and is_conditions_list(g)
                    for i in g.items for x in (parse_condition(i.text) or {}).get("examples", [])}
        for group in ev.groups:
            if group.kind == "inline" and all(_norm(i.text) in examples for i in group.items):
                continue  # the prose repeats the examples of a listed condition
            if heading_patterns and any(p.search(group.heading or "") or p.search(group.lead or "")
                                        for p in heading_patterns):
                group.cue = 2
            if digest.is_article or not is_conditions_list(group) or _is_navigation(group, facts):
                continue
            site_wide = facts.pages >= 3 and facts.group_pages[group.signature] >= facts.share()
            if site_wide:
                if group.signature in site_wide_done:
                    continue
                site_wide_done.add(group.signature)
            items = [_condition_item(i.text, i.links) for i in group.items
                     if i.likeness > -0.5 and parse_condition(i.text)]
            owner = service["_key"] if service is not None and not site_wide else None
            sources.append((facts.order(ev.url), ev.url, items, owner))
        if service is None and key not in service_keys and _condition_page(digest) and digest.h1:
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
    _unique_ids(services)
    conditions = _conditions(sources, services, facts)
    return [_public(s) for s in services], conditions


def _condition_item(text: str, links: list[str]) -> dict[str, Any]:
    parsed = parse_condition(text) or {"name": text, "examples": []}
    name = trim_condition(parsed["name"], condition_likeness)
    return {**parsed, "name": name, "links": links}


def _is_navigation(group: ItemGroup, facts: SiteFacts) -> bool:
    """A group whose items are links named after the pages they lead to (a menu, a list of services, "Home",
    "Contact"), or that mostly lead to pages not about a condition while their words do not name conditions, is
    navigation. An overview's "Arthritis" linking to the Manual Therapy page is not."""
    linked = [(i, facts.digests.get(facts.resolve(i.links[0]))) for i in group.items if i.links]
    known = [(i, d) for i, d in linked if d is not None]
    if not known or len(known) * 2 < len(group.items):
        return False
    named_after = sum(1 for i, d in known if _norm(i.text) in _page_names(d, facts) and not _condition_page(d))
    if named_after * 2 >= len(known):
        return True
    mean = sum(i.likeness for i in group.items) / len(group.items)
    return mean < 0.3 and sum(1 for _, d in known if not _condition_page(d)) * 2 >= len(known)


def _page_names(d: Digest, facts: SiteFacts) -> set[str]:
    names = {_norm(d.h1 or ""), _norm(_TITLE_SEPARATORS.split(d.title or "")[0])}
    names.update(_norm(label) for label in facts.labels.get(url_key(d.url), ()))
    return names - {""}


def _name_of(ev: PageEvidence, label: str | None) -> str:
    markup = ev.markup_services[0] if ev.markup_services else {}
    h1 = ev.h1
    if markup.get("name"):
        return markup["name"]
    if label:
        return label
    if h1 and h1 != h1.upper():
        return h1
    if ev.title:
        return _TITLE_SEPARATORS.split(ev.title)[0]
    return smart_case(h1 or ev.path.strip("/").split("/")[-1].replace("-", " ").title())


def _service(ev: PageEvidence, digest: Digest, label: str | None, clinic_lines: set[str],
             clinic_images: set[str]) -> dict[str, Any]:
    markup = ev.markup_services[0] if ev.markup_services else {}
    raw_name = _name_of(ev, label)
    name, name_aliases = split_name(raw_name)
    h1 = ev.h1
    if h1 and not markup.get("name"):
        h1_name, h1_aliases = split_name(smart_case(h1))
        name_aliases += h1_aliases  # "DRY NEEDLING/IMS" under a menu label "Dry Needling"
        if _norm(h1_name) != _norm(name) and set(tokens(name)) & set(tokens(h1_name)) and len(h1_name) <= 60:
            name_aliases.append(h1_name)  # "Extracorporeal Shockwave Therapy" under "Shockwave Therapy"
    title_name = _TITLE_SEPARATORS.split(ev.title or "")[0].strip()
    subjects = [name, raw_name, *name_aliases, *split_name(h1 or "")[:1], title_name]
    aliases = _unique(name_aliases + list(markup.get("alternateName") or [])
                      + aliases_in(ev.alias_text, subjects, ev.intro), exclude=[name, raw_name, h1 or ""])
    return {
        "id": slugify(name) or slugify(ev.path) or "service",
        "name": name,
        "aliases": aliases,
        "url": ev.url,
        "summary": markup.get("description") or ev.summary,
        "intro": ev.intro,
        "benefits": ev.benefits,
        "sections": _sections(ev, clinic_lines),
        "conditions": [],
        "images": [i for i in ev.images if i["src"] not in clinic_images],
        "evidence": [s.as_dict() for s in digest.signals],
        "score": digest.score,
        "_key": url_key(ev.url),
        "_path": ev.path,
    }


def _section_services(ev: PageEvidence, facts: SiteFacts) -> list[dict[str, Any]]:
    """Services described one after another on an index page ("Treatments": an h2 and its text each), when they
    have no page of their own (the section links to no service page)."""
    candidates = [s for s in ev.sections if s.level <= 3 and s.lines and names_therapy(s.heading)
                  and not any(facts.resolve(u) in facts.digests and facts.digests[facts.resolve(u)].score
                              >= SERVICE_THRESHOLD for u in s.links)]
    if len(candidates) < 2:
        return []
    level = Counter(s.level for s in candidates).most_common(1)[0][0]
    out = []
    for s in candidates:
        if s.level != level:
            continue
        name, name_aliases = split_name(s.heading)
        text = " ".join(s.lines[:4])
        out.append({
            "id": slugify(name) or "service", "name": name,
            "aliases": _unique(name_aliases + aliases_in(f"{s.heading}. {text}", [name]), exclude=[name, s.heading]),
            "url": ev.url + (f"#{s.anchor}" if s.anchor else ""), "summary": s.lines[0], "intro": "\n".join(s.lines),
            "benefits": [], "sections": [], "conditions": [], "images": [],
            "evidence": [{"signal": "section-of-index", "weight": SERVICE_THRESHOLD, "detail": ev.path},
                         {"signal": "names-therapy", "weight": 2, "detail": s.heading}],
            "score": SERVICE_THRESHOLD + 2, "_key": url_key(ev.url + "#" + (s.anchor or s.heading)), "_path": ev.path,
        })
    return out


def _sections(ev: PageEvidence, clinic_lines: set[str]) -> list[dict[str, str]]:
    """Sections without clinic-wide features and conditions lists; a heading left with no text and no kept
    subsection goes too."""
    condition_headings = {_norm(g.heading or "") for g in ev.groups if is_conditions_list(g) and g.heading}
    kept = [(s.level, s.heading, "\n".join(line for line in s.lines if _norm(line) not in clinic_lines))
            for s in ev.sections if _norm(s.heading).rstrip(":").strip() not in clinic_lines
            and _norm(s.heading) not in condition_headings]
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
                if not any(re.search(rf"(?<!\w){re.escape(_norm(example))}(?!\w)", _norm(x)) for x in cond["examples"]):
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


# -- the clinic ------------------------------------------------------------------------------------------------------


def _clinic_wide(facts: SiteFacts) -> list[Any]:
    """A feature (icon box, card) seen on two or more pages is clinic-wide: a selling point, not service content."""
    kept = [(facts.order(where[1]), index, f) for title, (where, index, f) in facts.features.items()
            if facts.feature_pages[title] >= 2]
    return [f for _, _, f in sorted(kept, key=lambda k: (k[0], k[1]))]


def _clinic(facts: SiteFacts, home_url: str) -> dict[str, Any]:
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
    selling = [{"title": f.title, "text": f.text} for f in _clinic_wide(facts) if not f.linked]
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


def _content_name(facts: SiteFacts, home: PageEvidence | None) -> tuple[str | None, str]:
    """The clinic's name from the page, and where it came from: og:site_name, the logo's alt, the part of the
    titles that repeats on most pages."""
    for candidate, source in ((home.og_site_name, "og:site_name"), (home.logo_alt, "logo")) if home else ():
        if candidate:
            # "Trellis Family Chiropractic - Kelowna Chiropractor": the part the page titles repeat
            parts = [p.strip() for p in _TITLE_SEPARATORS.split(candidate) if p.strip()]
            if len(parts) > 1:
                return max(parts, key=lambda p: (facts.title_parts.get(p, 0), -parts.index(p))), source
            return candidate, source
    if facts.pages >= 2:
        common = sorted(((n, p) for p, n in facts.title_parts.items() if n * 2 > facts.pages and n >= 2),
                        key=lambda np: (-np[0], np[1]))
        if common:
            return common[0][1], "title"
    if home is not None and home.title:
        return _TITLE_SEPARATORS.split(home.title)[-1].strip() or None, "title"
    return None, "title"
