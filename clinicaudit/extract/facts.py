"""What the whole site says about its pages (pass 1 over the spool): menus and their labels, repeated groups and
features, titles, the clinic's markup and contact details, and a compact digest of each page for the decisions of
`services.py` and `site.py`."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from clinicaudit.extract.candidates import PageEvidence, Signal
from clinicaudit.extract.conditions import is_conditions_list
from clinicaudit.extract.vocabulary import names_therapy
from clinicaudit.urls import url_key

Candidates = Callable[[], Iterable[dict[str, Any]]]
# A link (or a group of items) on at least this share of the site's pages is part of its menus (or of its chrome).
SITE_WIDE_SHARE = 0.4
TITLE_SEPARATORS = re.compile(r"\s+[|–—:·•»-]\s+|\s+::\s+")
_INDEX_FILE = re.compile(r"/(?:index|default)\.(?:html?|php|aspx?)$", re.IGNORECASE)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("&", " and ")).strip().lower()


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
    skeleton: str = ""
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
    # links outside the content to a section of a page (`/treatments/#cupping`): (URL, fragment) → labels
    section_links: dict[tuple[str, str], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    # the menu entries above each link to a section (its group: "How we help" › …), most used
    section_trails: dict[tuple[str, str], Counter[tuple[str, ...]]] = field(
        default_factory=lambda: defaultdict(Counter))
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

    def menu_sections(self, key: bytes) -> dict[str, str]:
        """The sections of the page `key` that the site's menus link to: fragment → its label (most used)."""
        found: dict[str, str] = {}
        for (url, fragment), labels in sorted(self.section_links.items()):
            if sum(labels.values()) >= self.share() and self.resolve(url) == key and fragment not in found:
                found[fragment] = sorted(labels.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        return found

    def section_group(self, key: bytes, fragment: str) -> list[bytes]:
        """The pages the menus list in the same group as their link to section `fragment` of page `key` (the
        entries under the same parent, the page itself among them when it is there), or [] for a link at the
        menu's top level."""
        trails: Counter[tuple[str, ...]] = Counter()
        for (url, frag), counts in self.section_trails.items():
            if frag == fragment and self.resolve(url) == key:
                trails.update(counts)
        if not trails:
            return []
        trail = sorted(trails.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        if not trail:
            return []
        return sorted(k for k in self.trails if self.trail(k) == trail)

    def trail(self, key: bytes) -> tuple[str, ...]:
        counts = self.trails.get(key)
        if not counts:
            return ()
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]

    def order(self, url: str) -> tuple[int, str]:
        return self.menu_position.get(url_key(url), 10**6), url


def read_site_facts(candidates: Candidates, home_key: bytes, redirects: dict[str, str]) -> SiteFacts:
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
        for link in ev.menu_sections:
            if link.fragment:
                facts.section_links[(link.url, link.fragment)][link.label] += 1
                facts.section_trails[(link.url, link.fragment)][tuple(link.trail)] += 1
        for sig in {g.signature for g in ev.groups}:
            facts.group_pages[sig] += 1
        for title in {norm(f.title) for f in ev.features}:
            facts.feature_pages[title] += 1
        for index, f in enumerate(ev.features):
            kept = facts.features.get(norm(f.title))
            if kept is None or (ev.url, index) < (kept[0][1], kept[1]):
                facts.features[norm(f.title)] = ((0, ev.url), index, f)
        for part in {p.strip() for p in TITLE_SEPARATORS.split(ev.title or "") if p.strip()}:
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
            therapy_sections=sum(1 for s in ev.sections if s.level <= 3 and s.lines and names_therapy(s.heading)),
            skeleton=ev.skeleton)
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
    low = norm(name)
    return bool(low) and (low in norm(ev.h1 or "") or low in norm(ev.title or ""))
