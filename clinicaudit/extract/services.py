"""Which pages are services: each page's signals and their weights (docs/extraction.md), and the service records
of the pages that reach the threshold, including services described as sections of an index page."""

from __future__ import annotations

import fnmatch
import re
from collections import Counter
from typing import Any, Iterable
from urllib.parse import unquote

from clinicaudit.extract.candidates import PageEvidence, Signal
from clinicaudit.extract.conditions import is_conditions_list
from clinicaudit.extract.facts import TITLE_SEPARATORS, Digest, SiteFacts, norm
from clinicaudit.extract.phrases import GENERIC_NAME_WORDS, aliases_in, slugify, smart_case, split_name
from clinicaudit.extract.vocabulary import (condition_likeness, is_service_index, names_therapy, says_not_service,
                                            singular, tokens, vocabulary)
from clinicaudit.urls import url_key

SERVICE_THRESHOLD = 3
_INDEX_TAIL = ("services", "treatments", "therapies")  # plural: "Root Canal Treatment" names one service


def _matches(path: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(path, p) or fnmatch.fnmatchcase(path.rstrip("/") or "/", p.rstrip("/") or "/")
               for p in patterns)


def _unique(values: Iterable[str], exclude: Iterable[str] = ()) -> list[str]:
    seen = {norm(x) for x in exclude}
    out = []
    for value in values:
        key = norm(value)
        if value and key not in seen:
            seen.add(key)
            out.append(value)
    return out


def is_index(facts: SiteFacts, d: Digest) -> bool:
    """A page that indexes services: its menu label or h1 is "Services", "Our Treatments"…, or it is the root of
    a services folder (`/services/`), or its name ends in "services" and it describes several therapies."""
    label = facts.label(url_key(d.url)) or ""
    segments = [s for s in d.path.split("/") if s]
    folder_root = len(segments) == 1 and segments[0].rsplit(".", 1)[0] in vocabulary().service_folders
    if folder_root or is_service_index(label) or is_service_index(d.h1):
        return True
    tail = any(tokens(x)[-1:] and tokens(x)[-1] in _INDEX_TAIL and len(tokens(x)) <= 3 for x in (label, d.h1 or ""))
    return tail and d.therapy_sections >= 2


def condition_page(d: Digest) -> bool:
    """A page about one condition: its markup's MedicalCondition, its place in a conditions folder, or an h1 that
    names a condition and no therapy. A blog post (a date and an author, `Article` markup) or a blog's archive
    (`/category/…`) is not, whatever its heading says, unless its markup says so."""
    return condition_page_by(d) is not None


def condition_page_by(d: Digest) -> str | None:
    """What makes `d` a condition page (`condition_page`): "markup", "folder" or "name" (its h1 reads as a
    condition's name, the weakest of the three); None when it is not one."""
    if d.markup_condition and not d.markup_service:
        return "markup"
    segments = [x for x in d.path.split("/") if x]
    if d.is_article or (segments and segments[0] in vocabulary().archive_folders):
        return None
    if len(segments) >= 2 and segments[-2] in vocabulary().condition_folders:
        return "folder"
    if len(segments) >= 2 and segments[-2] in vocabulary().service_folders:
        return None  # "Neck-related dizziness" under /services/ is the name of a service
    name = d.h1 or (d.title or "").split("|")[0]
    return "name" if name and condition_likeness(name) >= 0.8 and not names_therapy(name) else None


def score_pages(facts: SiteFacts, config: dict[str, Any], home_key: bytes) -> None:
    vocab = vocabulary()
    services_cfg = config.get("services", {})
    index_keys = {k for k, d in facts.digests.items() if k != home_key and is_index(facts, d)}
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
            if any(is_service_index(t) for t in trail):
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
        title_name = TITLE_SEPARATORS.split(d.title or "")[0].strip() if not d.h1 else None
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
        by = condition_page_by(d)
        if by is not None and not (by == "name" and any(x.signal == "menu-services" for x in s)):
            # (a page the menus list under "Services" is the site's word for a service, whatever its h1 reads like
            # to the vocabulary: "Denture Relines & Repairs"; its markup or a conditions folder would still say so)
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
    # Skeleton: the layout two or more other likely services share (one template for the service pages).
    layouts = Counter(d.skeleton for d in facts.digests.values() if d.skeleton and d.score >= SERVICE_THRESHOLD)
    for d in facts.digests.values():
        others = layouts[d.skeleton] - (1 if d.score >= SERVICE_THRESHOLD else 0)
        if d.skeleton and others >= 2 and d.score > -50:
            d.signals.append(Signal("skeleton", 0.5, f"the layout of {others} other service pages"))


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
        return TITLE_SEPARATORS.split(ev.title)[0]
    return smart_case(h1 or _slug_words(ev.path).title())


def _slug_words(path: str) -> str:
    """The words of a URL path's last segment: `/services/paediatric-osteopathy/` → "paediatric osteopathy"."""
    return unquote(path.strip("/").split("/")[-1]).replace("-", " ").replace("_", " ").strip()


def _joined_names(text: str, names: list[str]) -> list[str]:
    """The other names a title joins to the service's with "&" or "and" ("Acupuncture & Chinese Medicine in Red
    Hill" for Acupuncture, "Podiatry & Chiropody"): each other part that names a therapy."""
    parts = [p.strip() for p in re.split(r"\s+(?:&|and)\s+", re.split(r"\s+(?:in|near|at|for)\s+[A-Z]", text)[0])]
    if len(parts) < 2 or norm(parts[0]) not in {norm(n) for n in names}:
        return []
    return [p for p in parts[1:] if p and len(p.split()) <= 4 and names_therapy(p.split()[-1])]  # not "… Brisbane"


_OPENING = re.compile(r"^([A-Z][\w'’-]*(?:\s+[\w'’-]+){0,4}?)\s*(?:\s[—–]\s|,\s|\s\(|\s+(?:is|are|uses|use|helps|"
                      r"treats|combines|looks|can|means|involves)\b)")


_CUE_FIRST = re.compile(r"^(?:(?:also|sometimes|often|commonly|usually)\s+)?(?:called|known\s+as|referred\s+to\s+as)\s+",
                        re.IGNORECASE)


def _opening_subject(sentence: str, names: list[str]) -> str | None:
    """The service under another name as the subject of a sentence ("Therapeutic massage, sometimes called …" on the
    Registered Massage Therapy page; "Custom-made foot orthoses (CFOs) are …"; a tagline "Sometimes called pelvic floor
    physio — …"): a short name that shares a word with the service's names or names a therapy."""
    named_as = _CUE_FIRST.sub("", sentence)
    if named_as != sentence:  # what follows "Sometimes called", as the sentence's subject
        sentence = named_as[:1].upper() + named_as[1:]
    m = _OPENING.match(sentence)
    if not m:
        return None
    subject = m.group(1)
    words = [singular(w) for w in re.findall(r"[a-z]+", subject.lower())]  # "custom-made": custom, made
    named = {singular(w) for n in names for w in re.findall(r"[a-z]+", n.lower())}
    if set(words) <= named or set(words) & _NOT_A_SUBJECT or {"and", "or"} & set(words):
        return None  # the name itself ("A biomechanical assessment"), a part of it, or not a name ("For training")
    own = named - GENERIC_NAME_WORDS
    return subject if (set(words) & own or names_therapy(subject)) and condition_likeness(subject) < 0.8 else None


def _first_sentence(intro: str) -> str:
    """The introduction's first sentence: its first line of twelve words or more, or of six ending a sentence (not a
    subheading). (Read from every paragraph's first sentence instead, the subject took a technique or a sub-service
    for the service's other name on most fixture sites.)"""
    return next((line for line in intro.splitlines() if len(line.split()) >= 12 or (
        len(line.split()) >= 6 and line.rstrip()[-1:] in ".!?:")), "")


_NOT_A_SUBJECT = frozenset({"we", "our", "you", "your", "it", "this", "the", "a", "an", "for", "with", "from", "to",
                            "of", "in", "on", "at", "by", "if", "when", "whether", "after", "before"})


def service_record(ev: PageEvidence, digest: Digest, label: str | None, clinic_lines: set[str],
             clinic_images: set[str]) -> dict[str, Any]:
    markup = ev.markup_services[0] if ev.markup_services else {}
    raw_name = _name_of(ev, label)
    name, name_aliases = split_name(raw_name)
    h1 = ev.h1
    if h1 and not markup.get("name"):
        h1_name, h1_aliases = split_name(smart_case(h1))
        name_aliases += h1_aliases  # "DRY NEEDLING/IMS" under a menu label "Dry Needling"
        if norm(h1_name) != norm(name) and len(h1_name) <= 60 and not h1_name.rstrip().endswith("?") and (
                set(tokens(name)) & set(tokens(h1_name)) or names_therapy(h1_name)):
            name_aliases.append(h1_name)  # "Extracorporeal Shockwave Therapy" under "Shockwave Therapy"; the page's
            # own title "Vestibular Physiotherapy" under a menu label "Dizziness & Balance Clinic"
    title_name = TITLE_SEPARATORS.split(ev.title or "")[0].strip()
    name_aliases += _joined_names(title_name, [name, raw_name]) + _joined_names(h1 or "", [name, raw_name])
    opening = _opening_subject(_first_sentence(ev.intro), [name, raw_name, h1 or "", title_name])
    if opening:
        name_aliases.append(opening)
    # the page's own slug names it too ("/services/paediatric-osteopathy/" for "Osteopathy for Children & Babies"):
    # a subject an alias cue may follow, not an alias of its own
    slug = _slug_words(ev.path)
    slug = slug if len(slug.split()) >= 2 and not re.search(r"\d|\.", slug) else ""
    subjects = [name, raw_name, *name_aliases, *split_name(h1 or "")[:1], title_name, slug]
    aliases = _unique(name_aliases + list(markup.get("alternateName") or [])
                      + aliases_in(f"{title_name}. {ev.alias_text}", subjects, ev.intro),
                      exclude=[name, raw_name, h1 or ""])
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


_INVITATION_WORDS = frozenset({"you", "your", "we", "our", "us", "why", "how", "what", "when", "where", "who", "ready",
                               "not", "about", "get", "book", "find", "start", "here"})


def _names_a_service(heading: str, lines: list[str]) -> bool:
    """A section of an index page describes a service when its heading names a therapy, or when the heading is a
    short name (not a question, an invitation or a condition) over a real description (two paragraphs, or 300
    characters)."""
    if names_therapy(heading):
        return True
    words = tokens(heading)
    described = len(lines) >= 2 or sum(len(x) for x in lines) >= 300
    return described and 0 < len(words) <= 4 and not heading.rstrip().endswith(("?", "!")) and not (
        set(words) & _INVITATION_WORDS) and not says_not_service(heading) and condition_likeness(heading) < 0.6


def _teaser_of(section: Any, d: Digest | None, facts: SiteFacts) -> bool:
    """A section that only introduces a service page it links to (a card: a line and "Find out more"), or one named
    as that page is; a mention of another service in a real description is not."""
    if d is None or d.score < SERVICE_THRESHOLD:
        return False
    short = len(section.lines) <= 2 and sum(len(x) for x in section.lines) < 300
    names = {w for n in (d.h1, facts.label(url_key(d.url)), TITLE_SEPARATORS.split(d.title or "")[0])
             for w in tokens(n or "")}
    return short or bool(set(tokens(section.heading)) & names - GENERIC_NAME_WORDS)


def _points_to_services(links: list[str], facts: SiteFacts) -> bool:
    """A section that links to two or more service pages ("More of our services: …"), in its own text or in the
    subsections under it (a card with a heading each), is an overview of them, not a service of its own."""
    pages = {d.url for d in (facts.digests.get(facts.resolve(u)) for u in links)
             if d is not None and d.score >= SERVICE_THRESHOLD}
    return len(pages) >= 2


def _subtree_links(sections: list[Any]) -> list[list[str]]:
    """Each section's links with those of the sections under it (deeper headings, until one of its level or
    higher)."""
    out = []
    for i, s in enumerate(sections):
        links = list(s.links)
        for t in sections[i + 1:]:
            if t.level <= s.level:
                break
            links.extend(t.links)
        out.append(links)
    return out


def _section_service(ev: PageEvidence, s: Any, evidence: list[dict[str, Any]]) -> dict[str, Any]:
    """The record of a service described in a section of `ev`'s page; its score is its evidence's weights."""
    name, name_aliases = split_name(s.heading)
    text = " ".join(s.lines[:4])
    return {
        "id": slugify(name) or "service", "name": name,
        "aliases": _unique(name_aliases + aliases_in(f"{s.heading}. {text}", [name]), exclude=[name, s.heading]),
        "url": ev.url + (f"#{s.anchor}" if s.anchor else ""), "summary": s.lines[0], "intro": "\n".join(s.lines),
        "benefits": [], "sections": [], "conditions": [], "images": [],
        "evidence": evidence, "score": sum(e["weight"] for e in evidence),
        "_key": url_key(ev.url + "#" + (s.anchor or s.heading)), "_path": ev.path,
    }


def section_services(ev: PageEvidence, facts: SiteFacts) -> list[dict[str, Any]]:
    """Services described one after another on an index page ("Treatments": an h2 and its text each), when they
    have no page of their own (the section links to no service page)."""
    subtree = _subtree_links(ev.sections)
    candidates = [s for s, links in zip(ev.sections, subtree)
                  if s.level <= 3 and s.lines and _names_a_service(s.heading, s.lines)
                  and not any(_teaser_of(s, facts.digests.get(facts.resolve(u)), facts) for u in s.links)
                  and not _points_to_services(links, facts)]
    if len(candidates) < 2:
        return []
    level = Counter(s.level for s in candidates).most_common(1)[0][0]
    return [_section_service(ev, s, [{"signal": "section-of-index", "weight": SERVICE_THRESHOLD, "detail": ev.path},
                                     {"signal": "names-therapy", "weight": 2, "detail": s.heading}])
            for s in candidates if s.level == level]


def menu_section_services(ev: PageEvidence, facts: SiteFacts) -> list[dict[str, Any]]:
    """Services that live as a section of another service's page, which the site's menus link to by its fragment
    ("Sports podiatry" → `/biomechanics/#sports-podiatry`), when the section describes a service."""
    key = url_key(ev.url)
    linked = facts.menu_sections(key)
    out = []
    for s in ev.sections:
        label = linked.get(s.anchor or "")
        if label is None or not s.lines:
            continue
        evidence = [{"signal": "menu-section", "weight": SERVICE_THRESHOLD, "detail": f"{label} → #{s.anchor}"},
                    {"signal": "section-of-service-page", "weight": 1, "detail": ev.path}]
        if not (_names_a_service(s.heading, s.lines) or names_therapy(label)):
            # a name the words leave in doubt ("Diabetic foot checks"): the menu lists it among services
            siblings = [k for k in facts.section_group(key, s.anchor or "")
                        if (d := facts.digests.get(k)) is not None and d.score >= SERVICE_THRESHOLD]
            if len(siblings) < 2 or says_not_service(s.heading) or condition_likeness(s.heading) > 0.6:
                continue
            evidence.append({"signal": "menu-group-of-services", "weight": 1,
                             "detail": f"{len(siblings)} service pages in its menu group"})
        out.append(_section_service(ev, s, evidence))
    return out


def _sections(ev: PageEvidence, clinic_lines: set[str]) -> list[dict[str, str]]:
    """Sections without clinic-wide features and conditions lists; a heading left with no text and no kept
    subsection goes too."""
    condition_headings = {norm(g.heading or "") for g in ev.groups if is_conditions_list(g) and g.heading}
    kept = [(s.level, s.heading, "\n".join(line for line in s.lines if norm(line) not in clinic_lines))
            for s in ev.sections if norm(s.heading).rstrip(":").strip() not in clinic_lines
            and norm(s.heading) not in condition_headings]
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


def unique_ids(services: list[dict[str, Any]]) -> None:
    counts = Counter(s["id"] for s in services)
    for s in services:
        if counts[s["id"]] > 1:
            tail = slugify(s["_path"].rstrip("/").rsplit("/", 1)[-1]) or "page"
            s["id"] = f"{s['id']}-{tail}" if tail != s["id"] else f"{s['id']}-{slugify(s['_path'])}"


def public(service: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in service.items() if not k.startswith("_")}
