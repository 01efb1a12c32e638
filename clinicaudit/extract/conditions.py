"""Condition items: every group of short, parallel items on a page (a list, a run of cards or chips, a run of
headings, a table's first column, the lines of a paragraph), each item classified on its own, with the heading or
lead-in that introduces the group. Whether a group is a conditions list is decided by `is_conditions_list` from
those scores; where it belongs (a service, an overview, the whole site) by `site.py`."""

from __future__ import annotations

import hashlib
import re
from itertools import islice
from dataclasses import dataclass, field
from functools import lru_cache

import lxml.etree
from lxml.html import HtmlElement

from clinicaudit.dom import heading_level
from clinicaudit.extract.blocks import class_words, is_layout_table
from clinicaudit.extract.phrases import (NAME_SPLIT, PEOPLE, condition_name, named_within, split_top_level,
                                         trim_condition)
from clinicaudit.extract.vocabulary import (Vocabulary, condition_likeness, is_generic, is_vague, list_cue,
                                           mentions_condition, plainly_a_condition, vocabulary)
from clinicaudit.page import Page, collapse, is_hidden, text_of

_SKIP = frozenset({"script", "style", "template", "noscript", "svg", "nav", "form", "select", "button", "iframe",
                   "head", "title", "option"})
_DIGITS = re.compile(r"\d+")
_STATE_CLASSES = re.compile(r"active|current|first|last|child|odd|even|hover|open|selected|^is-|^has-|^w--|"
                            r"repeater-item")
MAX_ITEM_CHARS = 160
_CHROME_WORDS = frozenset({"header", "footer", "masthead", "topbar", "navbar", "copyright", "colophon"})
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
PROSE_KINDS = frozenset({"inline", "frame"})  # groups read from running text, not from the page's structure
_BULLETS = "•·▪►✓✔◦"
_HEADINGS_BEFORE = lxml.etree.XPath(
    "preceding::*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6][position() <= 40]")
_LAST_HEADING = lxml.etree.XPath("(descendant::h1|descendant::h2|descendant::h3|descendant::h4|descendant::h5"
                                 "|descendant::h6)[last()]")
_LANDMARKS = frozenset({"footer", "header", "aside", "nav", "article"})


@dataclass
class Item:
    text: str
    likeness: float
    links: list[str] = field(default_factory=list)
    # the element and page it was read from, until its group is kept (then its links are read); never spooled
    _source: tuple[HtmlElement, Page] | None = field(default=None, repr=False, compare=False)


@dataclass
class ItemGroup:
    kind: str  # list | cards | headings | table | lines
    items: list[Item]
    heading: str | None
    lead: str | None
    cue: int
    in_main: bool
    signature: str = ""
    position: int = 0  # document order on the page

    def score(self) -> float:
        """The group's evidence of being a conditions list: the mean of its items' scores plus the cue."""
        if not self.items:
            return -1.0
        mean = sum(i.likeness for i in self.items) / len(self.items)
        return round(mean + 0.5 * self.cue, 3)


def could_be_conditions(kind: str, items: list[Item]) -> bool:
    """Whether the strongest cue (2) would make these items a conditions list (`is_conditions_list`)."""
    if len(items) == 1:
        return items[0].likeness >= 0.8 and kind in ("list", "table", "lines", "configured")
    bad = sum(1 for i in items if i.likeness < 0)
    strong = sum(1 for i in items if i.likeness >= 0.6)
    return bad * 4 <= len(items) and (strong * 4 >= len(items) or kind in ("list", "table", "lines"))


def is_conditions_list(group: ItemGroup) -> bool:
    """Two or more items; most read as conditions and nothing says otherwise, or the heading or lead-in introduces
    conditions and few items read as something else (a sentence, a benefit, a price)."""
    items = group.items
    if group.kind == "configured":
        return bool(items)  # `[conditions] selector`: a conditions list, whatever its items say
    if len(items) == 1:  # "Conditions we treat" over a single "ACL reconstruction"; "people living with fibromyalgia"
        return group.cue >= 2 and items[0].likeness >= 0.8 and group.kind in ("list", "table", "lines", "frame")
    if len(items) < 2 or group.cue < 0:
        return False
    if group.kind == "headings" and any(list_cue(i.text) == -1 or (list_cue(i.text) == 2 and i.likeness < 0.8)
                                        for i in items):
        return False  # "Our Approach", "Conditions We Treat", "What to Expect": the page's own sections
    if group.kind == "cards" and any(list_cue(i.text) in (-1, 2) and i.likeness < 0.8 for i in items):
        return False  # a sidebar's panels ("Conditions we treat", "Session length", "Insurance"), not conditions
    strong = sum(1 for i in items if i.likeness >= 0.6) / len(items)
    bad = sum(1 for i in items if i.likeness < 0) / len(items)
    if group.kind in PROSE_KINDS:  # prose: short names that plainly read as conditions, in a sentence about them
        return group.cue > 0
    if group.cue >= 2:  # named as conditions: items the vocabulary does not know still count
        return bad <= 0.25 and (strong >= 0.25 or group.kind in ("list", "table", "lines"))
    if group.cue == 1:
        return bad <= 0.25 and strong > 0.5
    return strong >= 0.75 and bad == 0 and len(items) >= 3


def element_kind(el: HtmlElement) -> str:
    """An element's kind by its classes (see `_classes`), for comparing layouts across pages."""
    return _classes(el)


def _classes(el: HtmlElement) -> str:
    """An element's kind by its classes, without numbered, positional and state classes (`et_pb_column_4`,
    `et-last-child`, `w--current`)."""
    return _kind(el.get("class") or "")


@lru_cache(maxsize=4096)
def _kind(classes: str) -> str:
    kept = {c for c in classes.split() if not _DIGITS.search(c) and not _STATE_CLASSES.search(c)}
    return " ".join(sorted(kept))


def _title_of(el: HtmlElement) -> str:
    """A card's title: its first heading or bold line; else its first line, when short and followed by more (a
    summary or collection card titled by a link or a plain paragraph); else its text when short."""
    for child in el.iter("h2", "h3", "h4", "h5", "h6", "strong", "b", "dt"):
        text = text_of(child)
        if text:
            return text
    text = text_of(el)
    for child in el.iterdescendants(lxml.etree.Element):
        if child.tag in _SKIP or not (child.text or "").strip():
            continue
        line = text_of(child)  # the first element that holds text of its own: the card's first line
        if line == text or len(line) > 80 or len(line.split()) > 8 or line.endswith((".", "!", "?")):
            break
        return line
    return text if len(text) <= 80 else ""


def _item(el: HtmlElement, text: str, page: Page, vocab: Vocabulary) -> Item:
    text = _named(text, vocab)
    return Item(text=text, likeness=_item_likeness(text, vocab), _source=(el, page))


@lru_cache(maxsize=4096)
def _named(text: str, vocab: Vocabulary) -> str:
    """A descriptive item led by the condition it names at its end ("A hole or dark spot in a tooth (decay)" →
    "decay – A hole or dark spot …"), so that its name is read first; other items as they are."""
    named = named_within(text, lambda t: condition_likeness(t, vocab))
    return f"{named} – {text}"[:MAX_ITEM_CHARS] if named else text


@lru_cache(maxsize=4096)
def _item_likeness(text: str, vocab: Vocabulary) -> float:
    """An item's likeness, read from its name (cached: sidebars and cards repeat on every page)."""
    name = NAME_SPLIT.split(text.lstrip(_BULLETS + " "), maxsplit=1)[0].strip(" :;,.") or text
    name = re.sub(r"\s*\([^()]*\)\s*$", "", name) or name  # "Stammering (you may know it as stuttering)"
    name = trim_condition(name, lambda t: condition_likeness(t, vocab))
    return condition_likeness(name, vocab)


def _read_links(item: Item) -> None:
    """The links of a kept group's item (read only then: most groups are dropped)."""
    if item._source is not None:
        el, page = item._source
        links = [page.public(page.absolute(a.get("href"))) for a in el.iter("a")
                 if (a.get("href") or "").strip()[:1] not in ("", "#")]
        item.links = [u for u in links if u]
        item._source = None


def _context(el: HtmlElement) -> tuple[str | None, str | None]:
    """The heading above an element (the nearest one before it in document order, within a few steps up the tree)
    and its lead-in (a short paragraph right before it)."""
    lead = None
    node = el
    for _ in range(7):
        checked = 0
        for sib in node.itersiblings(preceding=True):
            if not isinstance(sib.tag, str) or sib.tag in ("script", "style", "template"):
                continue
            if node is not el and sib.tag == node.tag and _classes(sib) == _classes(node) and _classes(node) and \
                    _heading_levels(sib) and _heading_levels(sib) == _heading_levels(node):
                continue  # an earlier row of the same cards: the heading is above the first one
            level = heading_level(sib)
            if level is not None:
                return text_of(sib) or None, lead
            inner = _LAST_HEADING(sib)
            if inner:
                # a column's heading, or a wrapper that ends in one
                return text_of(inner[0]) or None, lead
            if sib.tag in ("meta", "link"):
                continue
            small = next(islice(sib.iterdescendants(), 30, None), None) is None
            text = text_of(sib) if small else ""
            if small and not re.search(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}|[A-Za-z]{4,}", text):
                continue  # a hidden date stamp, an icon: not a lead-in
            if checked == 0 and lead is None and text and len(text) <= 240 and sib.tag not in ("ul", "ol", "table"):
                lead = text
            checked += 1
            if checked >= 3:
                break
        if node.tag in _LANDMARKS or (node.get("role") or "") in ("contentinfo", "banner", "complementary"):
            break  # a footer's list is not introduced by the last heading of the page's content
        node = node.getparent()
        if node is None or node.tag in ("body", "main", "html"):
            break
    return None, lead


def _outer_heading(el: HtmlElement, nearest: str) -> str | None:
    """The heading one level up from the nearest heading before `el` (document order, the first 40 headings
    back)."""
    level = None
    for h in _HEADINGS_BEFORE(el)[::-1]:
        h_level = int(h.tag[1])
        if level is None:
            if text_of(h) == nearest:
                level = h_level
            continue
        if h_level < level:
            return text_of(h)
    return None


def _page_h1(el: HtmlElement) -> str | None:
    h1 = el.getroottree().getroot().find(".//h1")
    return text_of(h1) if h1 is not None else None


def _heading_levels(el: HtmlElement) -> set[int]:
    return {int(h.tag[1]) for h in el.iter("h1", "h2", "h3", "h4", "h5", "h6")}


def _group(kind: str, el: HtmlElement, items: list[Item], in_main: bool, position: int,
           vocab: Vocabulary, label: str | None = None) -> ItemGroup | None:
    """A group of items, with its heading, lead-in and cue; `label` is the group's own label (a table's column
    header: "If you're dealing with…", "Condition", "Symptoms"), which speaks for it too."""
    items = [i for i in items if i.text]
    if not items or not could_be_conditions(kind, items):
        return None  # no cue could make it a conditions list: not worth its context, nor a place in the spool
    for item in items:
        _read_links(item)
    heading, lead = _context(el)
    # A lead-in ending in ":" introduces the list itself (its last sentence does); otherwise the heading speaks
    # first, and when it says nothing, the heading above it ("What we see most often" over "Adults").
    last = _SENTENCE.split(lead)[-1] if lead else None
    introduces = bool(lead) and (lead.rstrip().endswith(":") or len(lead) <= 60)
    first = list_cue(last, vocab) if introduces else list_cue(heading, vocab)
    second = list_cue(heading, vocab) if introduces else (list_cue(last, vocab) if last and len(last) <= 160 else 0)
    # The nearer of the two speaks; when it says nothing, the other does. When they disagree (a heading "Who we help"
    # over "the goals we've helped people reach:"), neither does: the items decide alone (cue 0).
    cue = 0 if first * second < 0 else (first or second)
    if cue == 0 and heading and len(heading.split()) <= 4 and not heading.rstrip().endswith("?"):
        outer = _outer_heading(el, heading)  # "Adults" under "What we see most often": the group label's heading
        cue = max(0, list_cue(outer, vocab)) if outer else 0
        if outer and outer == _page_h1(el):
            cue = min(cue, 1)  # the page's own title ("Problems we fix") only suggests it for each of its sections
    if label:
        own = list_cue(label, vocab)
        cue = -1 if own == -1 else max(cue, own)
    signature = hashlib.sha1("\n".join(i.text.lower() for i in items).encode()).hexdigest()[:16]
    return ItemGroup(kind=kind, items=items, heading=heading, lead=lead, cue=cue, in_main=in_main,
                     signature=signature, position=position)


def _is_page_chrome(el: HtmlElement) -> bool:
    """The site's header or footer (by element, role or class), outside the main content."""
    if el.tag in ("header", "footer"):
        return True
    if not el.attrib:
        return False
    return (el.get("role") or "") in ("banner", "contentinfo") or bool(class_words(el) & _CHROME_WORDS)


def item_groups(page: Page, main: HtmlElement | None, known: dict[HtmlElement, str] | None = None,
                title_area: set[HtmlElement] | None = None) -> list[ItemGroup]:
    """Every group of parallel short items on the page, outside menus and the page's header and footer, in
    document order. One depth-first pass that does not descend into what a list, a table or a menu consumed."""
    vocab = vocabulary()
    main = main if main is not None and main is not page.body else None
    around_main = set(main.iterancestors()) if main is not None else set()  # wrappers of main are never chrome
    h1 = page.body.find(".//h1")
    if h1 is not None:
        around_main.update(h1.iterancestors())
    groups: list[ItemGroup] = []
    position = 0

    def add(group: ItemGroup | None) -> None:
        if group is not None:
            groups.append(group)

    body = page.body
    main_end = _after(main, body) if main is not None else None  # the first element past the main content
    in_main = main is None
    # a hero or header module that holds the page's h1 holds its introduction too: not the site's chrome
    title_module = min((el for el in title_area or () if _is_page_chrome(el)),
                       key=lambda el: sum(1 for _ in el.iterancestors()), default=None) if main is None else None
    title_end = _after(title_module, body) if title_module is not None else None
    in_title = False
    passing, resume = False, None  # passing over a subtree already read (or never read) until `resume`
    skip: set[HtmlElement] = set()  # bullet paragraphs already read as a run
    for el in body.iter(lxml.etree.Element):
        if passing:
            if el is not resume:
                continue
            passing = False
        if main is not None:
            if el is main:
                in_main = True
            elif el is main_end:
                in_main = False
        if el is title_module:
            in_title = True
        elif in_title and el is title_end:
            in_title = False
        position += 1
        tag = el.tag
        if skip and el in skip:
            passing, resume = True, _after(el, body)
            continue
        if tag in _SKIP or (el.get("role") or "") == "navigation" or (
                (not in_main or main is None) and tag != "body" and el not in around_main and not in_title
                and _is_page_chrome(el)):
            passing, resume = True, _after(el, body)
            continue  # menus; and the header and footer every page repeats
        if tag in ("ul", "ol"):
            if not is_hidden(el):
                add(_list(el, page, vocab, in_main, position))
            passing, resume = True, _after(el, body)
            continue
        if tag == "table" and not is_layout_table(el):
            add(_table(el, page, vocab, in_main, position))
            passing, resume = True, _after(el, body)
            continue
        if tag == "p":
            text = known.get(el) if known else None  # read already as a block of the main content
            text = text if text is not None else text_of(el)
            run = _paragraph_run(el, text)
            if run:  # "• Dizziness", "• Neck Pain"; "<b>Overbite</b> – where …": paragraphs written as a list
                skip.update(p for p, _ in run[1:])
                add(_group("list", el, [_item(p, line, page, vocab) for p, line in run], in_main, position, vocab))
            elif el.find("br") is None:
                if 20 <= len(text) <= 1500 and _may_enumerate(text) and mentions_condition(text, vocab):
                    for sentence in _SENTENCE.split(text):  # prose keeps only plain condition names
                        if _may_enumerate(sentence) and mentions_condition(sentence, vocab):
                            add(_inline(el, sentence, page, vocab, in_main, position))
            else:
                lines = [x for x in (collapse(x) for x in _br_lines(el)) if x]
                if len(lines) >= 3 and all(len(x) <= 80 for x in lines):
                    add(_group("lines", el, [_item(el, x, page, vocab) for x in lines], in_main, position, vocab))
        elif len(el) >= 2:
            children = [c for c in el if isinstance(c.tag, str) and c.tag not in ("script", "style", "br")]
            if len(children) >= 2:
                _cards_and_headings(el, children, page, vocab, in_main, position, add)
    return groups


def _list_line(p: HtmlElement, text: str) -> str | None:
    """A paragraph written as a list item: its text after a bullet, or "Name – description" when it opens with
    a bold name."""
    if text[:1] in _BULLETS:
        return text.lstrip(_BULLETS + " ")
    bold = _bold_name(p, text)
    return f"{bold[0]} – {bold[1]}"[:MAX_ITEM_CHARS] if bold else None


def _paragraph_run(el: HtmlElement, text: str) -> list[tuple[HtmlElement, str]]:
    """The paragraphs from `el` on that are written as list items, when there are two or more (a bulleted one alone
    counts too, as before)."""
    line = _list_line(el, text)
    if line is None:
        return []
    run = [(el, line)]
    following = el.getnext()
    while following is not None and following.tag == "p":
        next_line = _list_line(following, text_of(following))
        if next_line is None:
            break
        run.append((following, next_line))
        following = following.getnext()
    return run if len(run) >= 2 or text[:1] in _BULLETS else []


def _after(el: HtmlElement, stop: HtmlElement) -> HtmlElement | None:
    """The first element after `el`'s subtree in document order, within `stop`."""
    while el is not None and el is not stop:
        following = el.getnext()
        while following is not None and not isinstance(following.tag, str):
            following = following.getnext()
        if following is not None:
            return following
        el = el.getparent()
    return None


def _list(el: HtmlElement, page: Page, vocab: Vocabulary, in_main: bool, position: int) -> ItemGroup | None:
    items = []
    for li in el:
        if not isinstance(li.tag, str) or li.tag != "li":
            continue
        nested = next(li.iterdescendants("ul", "ol"), None)
        text = text_of(li) if nested is None else collapse((li.text or "") + " ".join(
            text_of(c) for c in li if c.tag not in ("ul", "ol")))
        bold = _bold_name(li, text)
        if bold:  # "<strong>Involuted nails</strong> that curl in at the sides": the name, then its description
            items.append(_item(li, f"{bold[0]} – {bold[1]}"[:MAX_ITEM_CHARS], page, vocab))
        elif text and len(text) <= MAX_ITEM_CHARS:
            items.append(_item(li, text, page, vocab))
        elif text:
            items.append(Item(text=text[:MAX_ITEM_CHARS], likeness=-1.0))
    return _group("list", el, items, in_main, position, vocab)


def _opening_element(el: HtmlElement) -> HtmlElement | None:
    """The element an item's text opens with: its first child that holds text, looking through a wrapping
    paragraph ("<li><p><strong>…"), passing over empty decoration (dividers, icons)."""
    for _ in range(3):
        if (el.text or "").strip():
            return None
        first = None
        for c in el:
            if not isinstance(c.tag, str):
                continue
            if len(c) == 0 and not (c.text or "").strip():
                if (c.tail or "").strip():
                    return None  # text right after an empty icon: the item opens with plain text
                continue  # an empty divider or icon
            first = c
            break
        if first is None or first.tag not in ("p", "div", "span") or (first.text or "").strip():
            return first
        el = first
    return None


def _bold_name(li: HtmlElement, text: str) -> tuple[str, str] | None:
    """The bold words or the heading that open a list item and are followed by more text ("<b>Shin splints</b> –
    pain along the inside of the shin"; an accordion's title), when they are short enough to be a name."""
    first = _opening_element(li)
    if first is None or not (first.tag in ("strong", "b") or heading_level(first) is not None):
        return None  # an accordion's item opens with its title's heading
    opening = text_of(first)
    name = opening.strip(" :;,.–—-")
    rest = text[len(opening):].strip() if text.startswith(opening) else ""
    rest = rest.lstrip(" :;,.–—-")
    if not name or not rest or len(name.split()) > 8:
        return None
    return name, rest


def _table(el: HtmlElement, page: Page, vocab: Vocabulary, in_main: bool, position: int) -> ItemGroup | None:
    items = []
    label = None  # the first column's header
    for tr in el.iter("tr"):
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        if not cells:
            continue
        if all(c.tag == "th" for c in cells):
            label = label or text_of(cells[0])
            continue
        cell = text_of(cells[0])
        text = _named(cell, vocab)
        if text:  # "Back Pain | sciatica, disc irritation": the name, then its examples
            rest = text_of(cells[1]) if len(cells) > 1 else ""
            item = _item(cells[0], f"{text} - {rest}" if rest and len(rest) <= 300 else text, page, vocab)
            item.likeness = _item_likeness(text, vocab)
            items.append(item)
    return _group("table", el, items, in_main, position, vocab, label)


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
# Where a sentence turns into a list of what it is about: "… such as X, Y and Z", "We treat X, Y and Z".
_INLINE_CUE = re.compile(r"\b(?:such\s+as|including|includes?|like|help(?:s|ing)?(?:\s+" + PEOPLE + r")?\s+with|"
                         r"treat(?:s|ing|ed)?|manag(?:e[sd]?|ing)|see|ease|relieve|for|recover(?:ing|y)?\s+from|"
                         r"living\s+with|" + PEOPLE + r"\s+with)\s+|:\s*", re.IGNORECASE)
_PART_LEAD = re.compile(r"^(?:with|from|for|after)\s+", re.IGNORECASE)
_DETERMINER = re.compile(r"^(?:(?:everything|anything)\s+from|(?:a\s+)?(?:wide\s+)?(?:range|variety|number)\s+of|"
                         r"(?:all|many|different)\s+(?:kinds|types|sorts)\s+of|a|an|the|your|their|his|her|many|"
                         r"most|some|various|other|to)\s+", re.IGNORECASE)


def _inline(el: HtmlElement, sentence: str, page: Page, vocab: Vocabulary, in_main: bool,
            position: int) -> ItemGroup | None:
    """An enumeration inside a sentence ("We often see lower back pain, sciatica and headaches"): the parts
    after the cue, up to the first part that is not a short name."""
    for m in _INLINE_CUE.finditer(sentence):
        rest = sentence[m.end():].rstrip(" .!?")
        if re.match(r"(?:everything\s+|anything\s+)?from\s", rest, re.IGNORECASE):
            rest = re.sub(r"\s+to\s+", ", ", rest, count=1)  # "everything from migraines to insomnia"
        if "," not in rest and " and " not in rest and " or " not in rest:
            continue
        items: list[Item] = []
        for part in split_top_level(rest):
            part = re.split(r"\s+[–—-](?:\s+|$)", _PART_LEAD.sub("", part), maxsplit=1)[0]  # "and with X – a …"
            part = trim_condition(_DETERMINER.sub("", part).strip(), lambda t: condition_likeness(t, vocab),
                                  item=False)
            likeness = condition_likeness(part, vocab)
            if not part or len(part.split()) > 6 or likeness < 0:
                break
            if likeness >= 0.8:  # in prose only plain condition names count ("the back" is a body part)
                items.append(Item(text=part, likeness=likeness))
        if len(items) >= 2:
            cue = list_cue(sentence[:m.end()], vocab)
            if _CAUTION.search(sentence[:m.end()]):
                cue = -1  # "it is not suitable for X, Y or Z": a caution, not conditions treated
            elif cue == 0 and len(items) >= 3 and not _CAUTION.search(sentence) and \
                    sum(plainly_a_condition(i.text, vocab) for i in items) * 2 >= len(items):
                cue = 1  # "we use it for neck pain, tennis elbow, plantar fasciitis and …": the names speak
            return ItemGroup(kind="inline", items=items, heading=None, lead=sentence[:m.end()].strip(), cue=cue,
                             in_main=in_main, signature=hashlib.sha1(rest.lower().encode()).hexdigest()[:16],
                             position=position)
    return _frames(sentence, vocab, in_main, position)


# Words that say a person has a condition, one condition per clause: "for people recovering from long COVID, for
# people with chronic fatigue who …", "if you have been diagnosed with osteoporosis".
_FRAME = re.compile(r"\b(?:" + PEOPLE + r"\s+(?:with|who\s+have)|diagnosed\s+with|suffering\s+(?:from|with)|"
                    r"living\s+with|recovering\s+(?:from|after))\s+", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;.:()!?]|\s[–—-]\s|\s+(?:and|or|who|that|which|where|when|but|to|so|because|while|"
                         r"whose|after|before|since|until|as)\b", re.IGNORECASE)
_JOINT = re.compile(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+", re.IGNORECASE)  # the joint between two parts
_CAUTION = re.compile(r"\b(?:not|no|never|avoid|unsuitable|caution|careful|unless|contraindicat\w*|risks?|safe|safety|"
                      r"cannot|check\s+with|speak\s+to|talk\s+to)\b|n[’']t\b", re.IGNORECASE)


# Where a clause turns to what a person has or comes in with: after a preposition that takes it ("for X", "with X",
# "from X") or a verb of treating ("we treat X", "we see X"). Words of grammar, not of any one site: the name itself
# must read plainly as a condition. (A sentence's subject is not read so: "Nail surgery is recommended for …".)
_MENTION_WORDS = frozenset("for with from treat treats treated treating see sees seeing manage manages managed "
                           "managing ease eases easing relieve relieves relieving".split())
_MENTION = re.compile(r"\b(?:" + "|".join(sorted(_MENTION_WORDS, key=len, reverse=True)) + r")\s+", re.IGNORECASE)
# A verb after the name ends it ("hands that have stiffened with osteoarthritis tend to …").
_VERB_AFTER = re.compile(r"\s+(?:is|are|was|has|have|can|tends?|often|usually)\b|"
                         r"\s+\w+(?:ed|en)\s+(?:(?:up|on|out|off)\s+)?(?:at|in|on|from|by|during|while|through)\b",
                         re.IGNORECASE)  # "… tend to", "strains picked up at netball", "pain brought on by"
_QUANTITY = re.compile(r"^(?:(?:a\s+)?(?:great|good)\s+many|(?:a\s+)?lots?\s+of|plenty\s+of|all\s+sorts\s+of|"
                       r"stubborn|persistent|nagging)\s+", re.IGNORECASE)
_WHO = re.compile(r"\s+(?:in|among|amongst)\s+(?:\w+\s+)?" + PEOPLE + r"\b", re.IGNORECASE)


# The words without which _FRAME cannot match: a text is tested by its set of words first (a regex over every
# paragraph of a long page costs more than the rest of reading it).
_FRAME_WORDS = frozenset({"with", "from", "have", "after"})


def _may_enumerate(text: str) -> bool:
    """Two parts or more, or words that give a condition one per clause."""
    if ", " in text or " and " in text or " or " in text:
        return True
    words = set(text.lower().split())
    return not words.isdisjoint(_MENTION_WORDS) or (not words.isdisjoint(_FRAME_WORDS) and bool(_FRAME.search(text)))


def _frames(sentence: str, vocab: Vocabulary, in_main: bool, position: int) -> ItemGroup | None:
    """The conditions a sentence names one per clause: right after words that say a person has it ("people living
    with X"), or after a preposition or verb that takes it ("clients book it for X", "we also see X"). Plain
    condition names only (≥ 0.8), four words at most, and none from a sentence of caution."""
    if _CAUTION.search(sentence):
        return None  # "not suitable for people with severe osteoporosis": a caution, not a condition treated
    items: list[Item] = []
    first = None
    framed = list(_FRAME.finditer(sentence))
    starts = [*framed, *_MENTION.finditer(sentence)]
    seen: set[int] = set()
    starts.sort(key=lambda s: s.end())
    names: set[str] = set()  # the items' names, lower case

    def name_of(part: str) -> str:
        verb = _VERB_AFTER.search(part) or _WHO.search(part)  # "… with osteoarthritis tend to", "… in runners"
        part = part[:verb.start()] if verb else part
        part = _QUANTITY.sub("", _DETERMINER.sub("", _QUANTITY.sub("", part.strip()))).strip()
        part = trim_condition(part, lambda t: condition_likeness(t, vocab), item=False) if part else part
        return "" if not part or len(part.split()) > 4 or _CAUTION.search(part) else part

    def take(part: str, plain: bool) -> bool:
        likeness = condition_likeness(part, vocab)
        # after words that say a person has it, a plain condition name; after a mere preposition or verb, only a
        # name that says so itself (see `plainly_a_condition`): prose names many things after "for" and "with"
        if likeness >= 0.8 and (plain or plainly_a_condition(part, vocab)) and not is_generic(part) \
                and part.lower() not in names:
            items.append(Item(text=part, likeness=likeness))
            names.add(part.lower())
            return True
        return False

    def runs_on(part: str) -> bool:
        """A part joined to the first that names a condition by itself ("muscle strains"), or a complaint of a part
        of the body ("lower back pain"): not a bare word the vocabulary happens to hold ("voice", "difficulty
        eating")."""
        words = part.split()
        return plainly_a_condition(part, vocab) or (len(words) >= 2 and is_vague(words[-1]) and condition_likeness(
            " ".join(words[:-1]), vocab) >= 0.6)

    for m in starts:
        if m.end() in seen:
            continue
        seen.add(m.end())
        rest = sentence[m.end():]
        end = _CLAUSE_END.search(rest)
        part = rest[:end.start()] if end else rest
        later = next((s.start() - m.end() for s in starts if s.start() > m.end()), None)
        if later is not None and later < len(part):
            part = part[:later]  # "for clients with fibromyalgia": the name comes after the last of them
        name = name_of(part)
        if name and take(name, m in framed):
            first = first if first is not None else m
        if m not in framed or later is not None and later <= len(part) or end is None or is_generic(name or part):
            continue  # (a run that opens with a bare "pain" describes a caseload: "patients with pain and …")
        # "people with tension headaches, stiff necks …, lower back pain, and muscle strains": what a person has
        # runs on over the parts joined to the first, until three in a row name nothing
        tail, missed = rest[end.start():], 0
        for _ in range(8):
            joint = _JOINT.match(tail)
            if joint is None or missed >= 3:
                break
            tail = tail[joint.end():]
            end2 = _CLAUSE_END.search(tail)
            segment = tail[:end2.start()] if end2 else tail
            tail = tail[len(segment):]
            name = name_of(segment)
            missed = 0 if name and runs_on(name) and take(name, True) else missed + 1
            if first is None and missed == 0:
                first = m
    if not items or first is None:
        return None
    return ItemGroup(kind="frame", items=items, heading=None, lead=sentence[:first.end()].strip() or None, cue=2,
                     in_main=in_main, signature=hashlib.sha1(sentence.lower().encode()).hexdigest()[:16],
                     position=position)


def _br_lines(p: HtmlElement) -> list[str]:
    lines, buf = [], [p.text or ""]
    for child in p:
        if child.tag == "br":
            lines.append("".join(buf))
            buf = [child.tail or ""]
        else:
            buf.append(child.text_content() + (child.tail or ""))
    lines.append("".join(buf))
    return [line.strip(" •·-–") for line in lines]


def _cards_and_headings(el: HtmlElement, children: list[HtmlElement], page: Page, vocab: Vocabulary, in_main: bool,
                        position: int, add) -> None:
    """A run of three or more siblings of one kind (cards, chips, columns of blurbs), each with a short title; or a
    run of same-level headings that each introduce a short text."""
    levels = [(c, heading_level(c) if c.tag in _HEADING_TAGS or c.get("role") == "heading" else None)
              for c in children]
    if len(children) < 3 and sum(1 for _, lv in levels if lv is not None) < 2:
        return  # neither a run of headings nor of cards
    for level in sorted({lv for _, lv in levels if lv is not None and lv > 1}):
        run: list[HtmlElement] = []
        for c, lv in levels + [(None, 0)]:
            if lv is not None and lv == level:
                following = c.getnext()
                while following is not None and not isinstance(following.tag, str):
                    following = following.getnext()
                if following is None or following.tag not in ("ul", "ol", "table", "dl"):
                    run.append(c)  # a heading over a list names a group of conditions, not one
            elif lv is not None and lv < level:  # a shallower heading (or the end) closes the run
                if len(run) >= 2:
                    titled = [(h, text_of(h)) for h in run]
                    items = [_item(h, t, page, vocab) for h, t in titled if 0 < len(t) <= 80]
                    add(_group("headings", run[0], items, in_main, position, vocab))
                run = []
    if len(children) < 3:
        return
    by_tag: dict[str, list[HtmlElement]] = {}
    for c, lv in levels:
        if lv is None and c.tag not in ("p", "ul", "ol", "table", "img", "figure"):
            by_tag.setdefault(c.tag, []).append(c)
    kinds: dict[tuple[str, str], list[HtmlElement]] = {}
    for tag, same_tag in by_tag.items():
        if len(same_tag) >= 3 and len(same_tag) * 2 >= len(children):  # only then are classes worth comparing
            for c in same_tag:
                kinds.setdefault((tag, _classes(c)), []).append(c)
    for (_tag, _cls), same in kinds.items():
        if len(same) < 3 or len(children) < 3 or len(same) * 2 < len(children):
            continue
        titles = [(c, _title_of(c)) for c in same]
        if sum(1 for _, t in titles if t) < 3:
            continue
        items = [_item(c, t, page, vocab) for c, t in titles if t and len(t) <= MAX_ITEM_CHARS]
        add(_group("cards", el, items, in_main, position, vocab))


def outline_groups(blocks: list, page: Page, in_main: bool, known: list[ItemGroup]) -> list[ItemGroup]:
    """Runs of headings read from the content's outline rather than from siblings: the headings one level under a
    heading, each over a short text of its own ("Problems we fix" › "Gums" › "Bleeding gums", "Bad breath", …),
    however deeply a builder nests each card. A heading over a list or a table names that list, not an item."""
    vocab = vocabulary()
    heads = [i for i, b in enumerate(blocks) if b.kind == "heading" and b.text]
    seen = {i.text for g in known for i in g.items}
    out: list[ItemGroup] = []
    for n, parent in enumerate(heads):
        level = blocks[parent].level
        children: list[int] = []
        for j in heads[n + 1:]:
            if blocks[j].level <= level:
                break
            children.append(j)
        if not children:
            continue
        top = min(blocks[c].level for c in children)
        direct = [j for j in children if blocks[j].level == top]
        if len(direct) < 2:
            continue
        following = {j: next((h for h in heads if h > j), None) for j in direct}
        if any(k is not None and blocks[k].level > blocks[j].level for j, k in following.items()):
            continue  # a child with headings of its own is a section ("Cosmetic worries" over its cards)
        bodies = [blocks[j + 1:following[j] if following[j] is not None else len(blocks)] for j in direct]
        if any(any(b.kind in ("item", "row") for b in body) or sum(len(b.text) for b in body) > 600
               or sum(1 for b in body if b.kind == "text") > 3 for body in bodies):
            continue
        items = [_item(blocks[j].el, blocks[j].text, page, vocab) for j in direct if len(blocks[j].text) <= 80]
        if not items or all(i.text in seen for i in items):
            continue
        group = _group("headings", blocks[direct[0]].el, items, in_main, 10**6 + parent, vocab)
        if group is not None and not any(list_cue(x.text) < 0 for x in group.items):
            out.append(group)
    return out


def configured_group(page: Page, selector: str) -> ItemGroup | None:
    """`[conditions] selector` in the configuration: its elements are a conditions list, whatever they say."""
    vocab = vocabulary()
    items = [_item(el, text, page, vocab) for el in page.css(selector) for text in [text_of(el)] if text]
    for item in items:
        _read_links(item)
    return ItemGroup(kind="configured", items=items, heading=None, lead=None, cue=2, in_main=True,
                     signature="configured", position=10**9) if items else None


def listed_conditions(groups: list[dict]) -> list[str]:
    """The names of the conditions a page's own content lists (its main content's conditions lists), from the
    groups of a spooled page evidence."""
    names: list[str] = []
    for raw in groups:
        group = ItemGroup(**{**raw, "items": [Item(**i) for i in raw["items"]]})
        if group.in_main and is_conditions_list(group):
            names.extend(condition_name(i.text) for i in group.items if i.likeness > -0.5 and condition_name(i.text))
    return names
