"""Phrases: names, slugs, list items as condition names and examples, and the other names a page gives a service
(aliases)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Callable, Iterator

from clinicaudit.extract.vocabulary import is_generic, is_vague, vocabulary
from clinicaudit.page import collapse

BULLETS = "•·–-✓✔▪►*"
# Where an item's name ends and its description starts: a dash, a colon, ", including …", or an apposition that
# describes it ("A dental abscess, the pocket of infection that forms …", "Sprain, a stretch or tear of a ligament").
NAME_SPLIT = re.compile(r"\s+[-–—]\s+|\s*:\s+|,\s+(?=(?:including|includes|such\s+as|e\.g\.|like|especially)\b)"
                        r"|,\s+(?=(?:the|an?)\s+(?:[\w'-]+\s+){0,4}?"
                        r"(?:that|which|where|when|who|of|at|in|on|around|along|from|with)\b)",
                        re.IGNORECASE)
EXAMPLE_LEAD = re.compile(r"^(including|includes|such\s+as|e\.g\.,?|eg\.?|like|i\.e\.,?)\s+", re.IGNORECASE)
# Where another name of the subject ends: a sentence's end, a dash, a colon, ", which …".
_ALIAS_END = r"(?:[.;:!?](?:\s|$)|\s+[—–]\s+|,\s+(?:is|was|which|and\s+it)\b|$)"


@lru_cache(maxsize=4)
def _alias_cue(lang: str = "en") -> re.Pattern[str]:
    """The cues of the vocabulary's `alias_cues` ("also known as", "goes by", "formerly" …), each followed by the
    other name: "X is also known as Y", "formerly Y", "it goes by Y"."""
    cues = "|".join(f"(?:{c})" for c in vocabulary(lang).alias_cues)
    # where a word starts (each cue begins with one): the alternatives are not tried at every character of a page
    return re.compile(r"(?<!\w)(?=\w)(?:" + cues + r")\s+(?!(?:it|them)\b)([\w\"“‘'(].*?)" + _ALIAS_END,
                      re.IGNORECASE)


# "Physiotherapy, or physio as it is often called," / "..., or IMS for short" / "Paediatric osteopathy – baby
# osteopathy, as it is often called –".
ALIAS_AS_CALLED = re.compile(
    r"(?:\bor|\s[–—](?:\s+or)?)\s+([^,.;()–—]{1,60}?)\s*,?\s+"
    r"(?:as\s+(?:it\s+is|it's|they\s+are)\s+(?:often|commonly|usually|also|sometimes)?\s*(?:called|known)"
    r"|for\s+short)\b", re.IGNORECASE)
# "general physiotherapy – musculoskeletal physiotherapy, or …": another name set right after the service's between
# dashes (kept when it ends with the same kind of word).
ALIAS_DASH = re.compile(r"\s[–—]\s+([A-Za-z][\w'-]*(?:\s+[\w'-]+){0,4}?)\s*(?:,|\s[–—]\s|\.|\))")
# "Dry needling — or Western acupuncture, if you prefer —": another name right after the service's.
ALIAS_OR = re.compile(r"\s[–—-]\s+or\s+([^,.;()–—]{2,60}?)\s*(?:,|\s[–—-]\s|\.|$)", re.IGNORECASE)
# "composite resin restorations, as dentists call them", "what dentists call a recall exam".
ALIAS_THEY_CALL = re.compile(r"[–—-]\s+([^,.;()–—]{2,60}?),\s+as\s+(?:\w+\s+){1,2}calls?\s+(?:it|them)\b",
                             re.IGNORECASE)
WHAT_THEY_CALL = re.compile(r"\bwhat\s+(?:\w+\s+){1,4}(?:calls?|refers?\s+to\s+as)\s+(?:an?\s+|the\s+)?"
                            r"([^,.;()–—]{2,60}?)(?:\s+[–—-]|,|\.|;|$)", re.IGNORECASE)
# "Intramuscular Stimulation (IMS)", "Clear aligners (Invisalign)": an acronym or a brand in parentheses after the name.
ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9&/.-]{1,20})\)")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def split_top_level(text: str, pattern: str = r",|\s+and\s+|\s+or\s+") -> list[str]:
    """Split on `pattern` outside parentheses."""
    regex = re.compile(pattern, re.IGNORECASE)
    if "(" not in text and "[" not in text:
        return [p for p in (_clean_part(p) for p in regex.split(text)) if p]
    parts, depth, start = [], 0, 0
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


_CLAUSE = re.compile(r"\b(?:that|which|who|where|when|if|is|are|can|may|will|you|your|it)\b", re.IGNORECASE)


def parse_condition(text: str) -> dict[str, Any] | None:
    """`Elbow Pain - including a (x) and b` → name `Elbow Pain`, examples `a (x)`, `b`."""
    text = collapse(text).lstrip(BULLETS + " ").strip()
    if not text:
        return None
    match = NAME_SPLIT.search(text)
    if match:
        name, rest = text[: match.start()], text[match.end():]
        rest = EXAMPLE_LEAD.sub("", rest.strip())
        examples = split_top_level(rest) if len(rest) <= 300 else []
        bare = [re.sub(r"\([^()]*\)", "", x) for x in examples]  # "(from the neck, jaw or upper back)" aside
        if any(len(x.split()) > 6 or _CLAUSE.search(x) for x in bare):
            examples = []  # "nails that curl in at the sides": a description, not examples
    else:
        name, examples = text, []
    name = name.strip(" :;,.")
    if not name or len(name) > 120:
        return None
    return {"name": name, "examples": examples}


# Where a condition's name ends and a description of it begins: "Whiplash after a car accident", "Sciatica caused
# by disc pressure", "arthritic joint pain every week"; and whose condition it is: "babies with plagiocephaly".
_TAIL = re.compile(r"\s+(?:after|caused\s+by|due\s+to|from|(?:coming|resulting|arising|stemming)\s+from|following|"
                   r"that|which|who|when|while|where|before|every|each|in\s+the|"
                   r"in\s+your|at\s+work|during|(?:and|or)\s+other)\b.*$|,\s+(?:treated|caused|usually|often|"
                   r"especially|before|which|where)\b.*$", re.IGNORECASE)
# A cause after a complaint's word, which then names it: "Swelling after orthopaedic surgery".
_CAUSE = re.compile(r"\s+(?:after|following|caused\s+by|due\s+to|resulting\s+from)\s+", re.IGNORECASE)
# Words left dangling at the end of a trimmed name ("ACL injuries, before and", "tennis elbow too"), and openings that
# are not part of it ("even a panic attack", "an episode of BPPV", "living with chronic pain", "as well as high
# cholesterol").
_DANGLING = re.compile(r"(?:[\s,]+(?:and|or|but|before|after|with|in|of|to|from|for|too|also|as\s+well))+\s*$",
                       re.IGNORECASE)
_OPENING_WORDS = re.compile(r"^(?:(?:even|also|sometimes|especially|as\s+well\s+as|(?:one|two)\s+or\s+(?:more|two|three)|"
                            r"(?:an?\s+)?(?:episodes?|bouts?|attacks?)\s+of|living\s+with|recovering\s+from|"
                            r"dealing\s+with|managing)\s+)+(?:(?:a|an|the)\s+)?",
                            re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"^(?:your|their|his|her|my|our)\s+", re.IGNORECASE)
# Where a goal or activity hands over to the condition it is about: "… after a calf strain", "… following a hip
# replacement", "… without IT band pain", "… while a stress fracture heals", "… once shin splints have settled".
_GOAL_CLAUSE = re.compile(r"\s(?:after|following|without|with|while|once|through|for|despite|around|of)\s+",
                          re.IGNORECASE)
# What the clause goes on to say about the condition: "… heals", "… has settled", "… in round three".
_CLAUSE_END = re.compile(r"\s+(?:has|have|had|is|are|was|heals?|settles?|settled|clears?|eases?|in\s+round)\b.*$",
                         re.IGNORECASE)
# The condition's state, not its name: "a healing ankle fracture", "recurring groin pain".
_STATE = re.compile(r"^(?:healing|recurring|recurrent|nagging|lingering|old|new|recent|ongoing)\s+", re.IGNORECASE)
# How often a condition shows, after its name: "ITB flare-ups", "arthritis flares".
_BOUTS = re.compile(r"\s+(?:flare[\s-]?ups?|flares?)$", re.IGNORECASE)
# Who has a condition, in the words clinics use: "babies with plagiocephaly", "people recovering from a stroke".
PEOPLE = (r"(?:babies|children|kids|teenagers|adults|people|patients|clients|women|men|athletes|runners|those|anyone|"
          r"mums|mothers|parents|seniors|workers)")
_WHO_WITH = re.compile(PEOPLE + r"\s+(?:with|who\s+have|after|living\s+with|recovering\s+from)\s+", re.IGNORECASE)


def trim_condition(name: str, likeness: Callable[[str], float], item: bool = True) -> str:
    """A condition's name without the description around it, when what is left still reads as a condition. An
    `item` of a list may also be a goal that names its condition after it ("Returning to running after a calf
    strain"); a sentence of prose is not read so ("getting back on their feet after a long illness")."""
    trimmed = _WHO_WITH.sub("", name)
    if trimmed != name:  # "adults after a stroke"
        trimmed = _ARTICLE.sub("", trimmed)
    trimmed = _OPENING_WORDS.sub("", trimmed)
    cut = _DANGLING.sub("", _TAIL.sub("", trimmed)).strip(" ,;")
    cause = _CAUSE.match(trimmed[len(cut):]) if trimmed.lower().startswith(cut.lower()) else None
    by_cause = False
    if cause and is_vague(_STATE.sub("", _ARTICLE.sub("", cut)).strip()):
        # a bare complaint is named by its cause: "Swelling after orthopaedic surgery, such as …" keeps "after
        # orthopaedic surgery" (but "Whiplash after a car accident" is Whiplash, and "Imbalance caused by problems
        # in the ear" names no cause)
        what = _DANGLING.sub("", _TAIL.sub("", " " + trimmed[len(cut) + cause.end():])).strip(" ,;")
        if what and not is_generic(what):
            cut, by_cause = cut + trimmed[len(cut):len(cut) + cause.end()] + what, True
    trimmed = cut
    if trimmed.count("(") > trimmed.count(")"):  # the cut fell inside a description in brackets: "Achilles
        trimmed = trimmed[:trimmed.rfind("(")].strip(" ,;")  # tendinopathy (pain … or in the tendon above it)"
    if _BOUTS.search(trimmed) and likeness(_BOUTS.sub("", trimmed)) >= 0.8:
        trimmed = _BOUTS.sub("", trimmed)  # "Arthritis flare-ups": the condition is arthritis
    bare = _ARTICLE.sub("", trimmed)
    outside = re.sub(r"\([^()]*\)", "", bare)  # "A dental abscess (often with swelling)": its name is outside
    phrases = re.split(r"\s+or\s+(?:an?|the)\s+", outside)  # "an ingrown toenail or a fungal nail infection"
    if bare != trimmed and all(len(p.split()) <= 5 for p in phrases) and likeness(outside.strip()) >= 0.6:
        trimmed = bare  # "A broken or cracked tooth, especially if it's sharp": Broken or cracked tooth
    kept = likeness(trimmed) if trimmed else -1.0
    if kept < 0.8 and " " not in trimmed:  # "Gums [that bleed]": a part of the body alone names no condition
        kept = -1.0
    clauses = _GOAL_CLAUSE.split(re.sub(r"\([^()]*\)", "", name))[1:] if item and not by_cause else []
    if clauses and likeness(name) < 0 and not re.match(r"^\w+ing\b|^back\b", name, re.IGNORECASE):
        clauses = []  # "Restore mobility without surgery or injections": a benefit, no goal
    if clauses:
        # a goal or an activity around the condition it names: "Returning to running after a calf strain",
        # "Training through a marathon block without IT band pain", "Keeping fit while a stress fracture heals" —
        # the condition is the clause that reads as one, when it does more than what comes first ("Whiplash after
        # a car accident" keeps Whiplash)
        # (a clause that reads as much a condition as the whole, in fewer words, is its name: "Getting on top of
        # recurring groin pain" → Groin pain; "Osteoarthritis of the knee" keeps its name, "knee" is no condition)
        best, best_likeness = None, max(kept, 0.8)
        for clause in clauses:
            rest = _CLAUSE_END.sub("", _ARTICLE.sub("", _POSSESSIVE.sub("", clause.strip())))
            rest = _ARTICLE.sub("", _STATE.sub("", _DANGLING.sub("", _TAIL.sub("", rest)).strip(" ,;.")))
            rest = _BOUTS.sub("", rest)
            score = likeness(rest) if rest and len(rest.split()) <= 5 and len(rest) < len(name) else -1.0
            # as likely as the whole only when it is the end of the whole, the condition the activity leads to
            if score > best_likeness or (score == best_likeness and score >= 0.8
                                         and trimmed.lower().endswith(rest.lower())):
                best, best_likeness = rest, score
        if best:
            return best[0].upper() + best[1:] if name[:1].isupper() else best
    if trimmed != name and trimmed and (kept >= 0.6 or _WHO_WITH.match(name)
                                        or _OPENING_WORDS.match(name)):
        # (whoever has it is never part of a condition's name: "children with sensory processing differences")
        return trimmed[0].upper() + trimmed[1:] if name[:1].isupper() else trimmed
    return name


# Where a description names what it describes, at its end: "… (stress incontinence)", "… after pregnancy —
# abdominal separation, or diastasis recti", "… which can be a sign of pelvic organ prolapse".
_NAMED_AT_END = re.compile(
    r"\(([^()]{3,60})\)[\s.;!]*$"
    r"|\s[—–]\s+([^—–()]{3,60}?)[\s.;!]*$"
    r"|\b(?:an?\s+)?(?:(?:early|common|classic|possible)\s+)?(?:signs?|symptoms?)\s+of|"
    r"\b(?:associated|linked|to\s+do)\s+with|\b(?:known|diagnosed)\s+as|\b(?:often|also|sometimes)\s+called",
    re.IGNORECASE)
_NAMED_AFTER = re.compile(r"\s+(?:(?:an?|the)\s+)?([^,;.()]{3,60}?)[\s.;!]*$")


def named_within(text: str, likeness: Callable[[str], float]) -> str | None:
    """The condition a descriptive item (five words or more) names at its end — in brackets, after a dash, or after
    words that say what it is ("a sign of", "associated with", "known as"): the writer's own name for what it
    describes ("Bladder leakage when you cough (stress incontinence)" → "stress incontinence"). None otherwise, and
    for a name followed by another name ("Tennis elbow (lateral elbow pain)")."""
    if len(text) < 25:
        return None
    name = None
    for m in _NAMED_AT_END.finditer(text):
        if m.group(1) or m.group(2):
            name = m.group(1) or m.group(2)
        else:
            after = _NAMED_AFTER.match(text, m.end())
            name = after.group(1) if after else None
        if name is not None:
            break
    if not name:
        return None
    name = _ARTICLE.sub("", _OPENING_WORDS.sub("", name.strip(" ,;"))).strip()
    parts = [strip_article(p) for p in re.split(r",?\s+or\s+", name) if p.strip()]
    inner = max((likeness(p) for p in parts), default=-1.0) if len(parts) > 1 else likeness(name)
    if inner < 0.8 or len(name.split()) > 6:
        return None
    opening = re.sub(r"\s*\([^()]*\)[\s.;!]*$", "", NAME_SPLIT.split(text, maxsplit=1)[0])
    if len(opening.split()) < 5:
        return None  # "Tennis elbow (lateral elbow pain)": a name and another name for it, not a description
    return re.sub(r",\s+or\s+", " or ", name)


def condition_name(text: str) -> str:
    """The name part of a list item (before ` - ` or `: `)."""
    parsed = parse_condition(text)
    return parsed["name"] if parsed else ""


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


class _Subject:
    """What may be the subject of an alias cue: one of the service's names (at one place the longest spelling: "Pelvic
    Health Physiotherapy", not the "Pelvic Health" of a shorter name, so that the words between it and the cue are
    counted from its end), or "it", "this treatment", "they", "what is". The pattern is built when first needed:
    most texts have no cue at all."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self._pattern: re.Pattern[str] | None = None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self._pattern is None:
            spellings = sorted(_spellings(self.names, parts=True), key=len, reverse=True)
            subjects = [re.escape(v.lower()) for v in spellings] + [r"\bit", r"\bthis(?:\s+\w+)?", r"\bthey",
                                                                    r"\bwhat\s+is"]
            self._pattern = re.compile(r"(?:" + "|".join(subjects) + r")(?=\W|$)", re.IGNORECASE)
        return self._pattern.finditer(text)


_TAIL_WORDS = re.compile(r"(?:[\w'-]+\s+){0,3}$")


def _words_before(text: str, start: int, end: int) -> str:
    r"""The (up to three) words that run into `end`, none before `start`: what `((?:[\w'-]+\s+){0,3})NAME` would have
    matched before NAME at `end`, without trying that pattern at every place of a long text."""
    low = max(start, end - 200)
    m = _TAIL_WORDS.search(text, low, end)
    if m is not None and m.start() == low and low > start:  # a word may run on before the window
        m = _TAIL_WORDS.search(text, start, end)
    return m.group() if m is not None else ""


def _subject_near(text: str, start: int, subject: _Subject, words: int) -> bool:
    sentence_start = max(text.rfind(". ", 0, start), text.rfind("! ", 0, start), text.rfind("? ", 0, start))
    prefix = text[sentence_start + 1:start]
    hits = list(subject.finditer(prefix))
    if not hits:
        return False
    between = prefix[hits[-1].end():]
    aside = re.match(r"\s*(?:[—–(]|-\s|,)\s*", between)  # "Our Run Clinic — most of our patients just call it"
    return len(between.split()) <= words or bool(aside) and len(between[aside.end():].split()) <= words + 2


def _parts(phrase: str, names: list[str]) -> list[str]:
    """The names in an alias phrase; "the IMS program" is IMS, but "the Run Clinic" of a Running Injury Clinic
    keeps the word its service's name ends with."""
    found = []
    kinds = {n.lower().split()[-1] for n in names if n.split()}
    pieces = []
    for piece in split_top_level(phrase, r","):  # "scale and polish" is one name; "pelvic floor physiotherapy or
        halves = split_top_level(piece, r"\s+or\s+")  # continence physiotherapy" two
        for half in halves:
            ands = split_top_level(half, r"\s+and\s+")
            pieces += ands if len(ands) > 1 and all(len(h.split()) >= 2 for h in ands) else [half]
    for part in pieces:
        part = re.sub(r"^(?:known\s+as|called|the|our|a|an|your|this)\s+", "", part, flags=re.IGNORECASE)
        part = re.split(r"\s+(?:until|since)\b|\s+in\s+(?:19|20)\d\d\b", part, maxsplit=1)[0]  # "… Physio until 2021"
        quoted = re.match(r"^[\"“‘']([^\"”’']{2,60})[\"”’']", part)
        if quoted:  # "listed as a ‘dental examination’ on your plan": what the quotes hold
            part = quoted.group(1)
        m = re.search(r"\s+(program|programme|service|treatment|clinic)$", part.strip(" \"'“”‘’"), re.IGNORECASE)
        part = part.strip(" \"'“”‘’")
        if m and m.group(1).lower() not in kinds:
            part = part[:m.start()]
        inner = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", part)
        if inner:
            found.extend([inner.group(1).strip(), inner.group(2).strip()])
        elif part:
            found.append(part)
    return found


def aliases_in(text: str, names: list[str], intro: str = "", _again: bool = False) -> list[str]:
    """Other names a text gives the service (one of `names`, or "it" / "this treatment" as the subject):
    `Dry Needling is also known as intramuscular stimulation (IMS)` → intramuscular stimulation, IMS; `Podiatry
    (formerly chiropody)` → chiropody; `physiotherapy, or physio as it is often called` → physio; the acronym in
    `Intramuscular Stimulation (IMS)` right after a name → IMS. Not the reflex in "… a spinal cord reflex, also
    known as a local twitch response" (the subject must be the service, within a few words of the cue)."""
    names = [n for n in names if n]
    # longest first: at one place the longest spelling is the subject ("Pelvic Health Physiotherapy", not the "Pelvic
    # Health" of a shorter name), so that the words between it and the cue are counted from its end
    subject = _Subject(names)
    lowered = text.lower()

    def written(name: str) -> bool:  # a cheap test before a pattern is built for the name and run over the text
        return not name.isascii() or name.lower() in lowered

    found: list[str] = []
    for m in _alias_cue().finditer(text):
        # "You may know them by the brand name …", "remember this service … as …": the cue names its own subject
        cue = text[m.start():m.start(1)]
        addressed = re.search(r"\b(?:know|call|hear|remember)\s+(?:it|them|this\s+(?:service|treatment|page))\b", cue,
                              re.IGNORECASE)
        if addressed or _subject_near(text, m.start(), subject, 3):
            phrase = m.group(1)
            opened = text[max(0, text.rfind(". ", 0, m.start())):m.start()]
            if opened.count("(") > opened.count(")"):  # "Podiatry (formerly chiropody) is ...": up to the ")"
                phrase = phrase.split(")", 1)[0]
            elif text[:m.start()].rstrip().endswith((",", "—", "–")):  # "Moxibustion, usually called moxa, warms"
                phrase = re.split(r",|\s[—–]\s", phrase, maxsplit=1)[0]
            found.extend(_parts(phrase, names))
    for m in ALIAS_AS_CALLED.finditer(text):
        if _subject_near(text, m.start(), subject, 2):
            found.append(m.group(1).strip(" \"'“”‘’"))
    for name in filter(written, _spellings(names)):
        for m in re.finditer(re.escape(name) + r"(?:\s+\w+)?" + ALIAS_DASH.pattern, text, re.IGNORECASE):
            other = m.group(1)
            if other.lower().split()[0] in _CUE_WORDS:
                continue  # "— often called Western acupuncture": a cue, read by the cues
            if other.lower().split()[-1] == name.lower().split()[-1] and other.lower().split()[0] not in _NOT_A_NAME \
                    and len(other.split()) >= 2:
                found.append(other)
    for pattern in (ALIAS_OR, ALIAS_THEY_CALL):
        for m in pattern.finditer(text):
            if _subject_near(text, m.start() + 1, subject, 2):
                found.append(m.group(1).strip(" \"'“”‘’"))
    for m in WHAT_THEY_CALL.finditer(intro):  # the page's own jargon, in its introduction: the service's other name
        found.append(m.group(1).strip(" \"'“”‘’"))
    for m in WHAT_THEY_CALL.finditer(text):
        if m.start() >= len(intro) and _subject_near(text, m.start(), subject, 3):
            found.append(m.group(1).strip(" \"'“”‘’"))
    own_words = {w for n in names for w in re.findall(r"[a-z]+", n.lower())} - GENERIC_NAME_WORDS
    for m in re.finditer(r"\(([A-Z]{2,6})\)|(?<=[a-z] )([A-Z]{2,6})\b(?! [A-Z])", text):
        # "Vestibular Rehabilitation Therapy (VRT)", or a heading "Vestibular Rehabilitation Therapy" over "VRT is
        # …", for "Vestibular Physiotherapy": the acronym of a longer name of the same service
        acronym = m.group(1) or m.group(2)
        expansion = _expansion(text[:m.end()], acronym) if m.group(1) else _spelled_before(text[:m.start()], acronym)
        if expansion and own_words & set(re.findall(r"[a-z]+", expansion.lower())):
            found.append(acronym)
            if expansion[:1].isupper():
                found.append(expansion)
    for name in _spellings(names):
        # "Shockwave Therapy (ESWT)", "Extracorporeal Shockwave Therapy (ESWT)": the acronym, and the longer name
        after, here = 0, written(name)
        for m in re.finditer(re.escape(name) + r"\s*" + ACRONYM.pattern, text, re.IGNORECASE) if here else ():
            found.append(m.group(1))
            prefix, acronym = _words_before(text, after, m.start()).split(), m.group(1)
            after = m.end()
            while prefix and (not prefix[0][:1].isupper() or prefix[0].lower() in _DETERMINERS
                              or prefix[0][0].upper() != acronym[0].upper()):
                prefix = prefix[1:]  # "Our Intramuscular Stimulation (IMS)", "Book now Root Canal Treatment (RCT)"
            if prefix and not {w.lower() for w in prefix} & {w.lower() for n in names for w in n.split()}:
                found.append(" ".join(prefix + [name]))
        # "Cold laser therapy (low-level laser therapy)": another name of the same kind in parentheses after the name
        other_name = re.escape(name) + r"\s*\(([A-Za-z][\w'®™ -]{2,50})\)"
        for m in re.finditer(other_name, text, re.IGNORECASE) if here else ():
            other = m.group(1).strip()
            words = other.lower().split()
            if words[0] in _NOT_A_NAME or len(words) > 5:
                continue
            if (len(words) >= 2 and words[-1] in name.lower().split()) or (
                    len(words) == 1 and words[0].endswith(("ics", "logy", "pathy", "therapy", "surgery"))):
                found.append(other)  # "Root canal treatment (endodontics)"
        for acronym in re.findall(r"\b[A-Z]{2,6}\b", name):
            rest = name.split(acronym, 1)[1].strip()
            expansion = _expansion(text, acronym, rest)
            if expansion:  # "PRP Injections" and "platelet-rich plasma (PRP)": "Platelet-rich plasma injections"
                alias = name.replace(acronym, expansion)
                found.append(alias[0].upper() + alias[1:])
    out: list[str] = []
    own = {n.lower() for n in _spellings(names)}
    for alias in found:
        if alias and re.match(r"(?:by|from|with|as|to|in|on|at|for|of)\s", alias, re.IGNORECASE):
            continue  # "by the best-known brand name": a cue's tail, not a name
        if alias and len(alias) <= 80 and len(alias.split()) <= 8 and alias.lower() not in {a.lower() for a in out} \
                and alias.lower() not in own:
            out.append(alias)
    for alias in list(out):  # "Invisalign® clear aligners": the brand, and what it is
        brand = re.fullmatch(r"\s*([^®™]+?)\s*[®™]\s*(\S.*)", alias)
        if brand:
            for part in brand.groups():
                if part and part.lower() not in {a.lower() for a in out} and part.lower() not in own:
                    out.append(part)
    for alias in list(out):  # "sometimes referred to as a partial nail avulsion, or PNA": the other name's acronym
        initials = _initials(alias.split())
        if len(alias.split()) >= 2 and 2 <= len(initials) <= 6 and initials not in out and re.search(
                r"(?i:" + re.escape(alias) + r"\s*(?:\(|[—–]\s*|,?\s+or\s+))" + initials + r"\b", text):
            out.append(initials)
    acronyms = [a for a in out if re.fullmatch(r"[A-Z]{2,6}", a)]
    if acronyms and not _again:
        # "Exercise physiology — better known as EP … Our EP programs run under the name Greywattle Strong": the
        # names found are subjects too (once)
        out += [a for a in aliases_in(text, names + acronyms, intro, _again=True)
                if a.lower() not in {x.lower() for x in out} and a not in acronyms]
    return out


_DETERMINERS = frozenset({"our", "the", "a", "an", "your", "this", "their", "its", "my", "with", "and", "or", "of",
                          "what", "is", "are", "how", "why", "does", "do", "about"})


_CUE_WORDS = frozenset({"often", "also", "sometimes", "usually", "commonly", "known", "called", "formerly", "previously",
                        "or", "better", "simply", "just", "what", "which", "as"})
_NOT_A_NAME = frozenset({"in", "at", "on", "for", "with", "from", "to", "by", "e.g.", "eg", "i.e.", "ie", "see", "also",
                         "including", "about", "approx", "approximately", "up", "per", "or", "and", "the", "a", "an",
                         "your", "our", "not", "no", "if", "when", "where"})


def _spellings(names: list[str], parts: bool = False) -> list[str]:
    """Each name as written and with `&` and `and` exchanged, in order, without repeats; with `parts`, also each
    part of a name that joins two ("Crowns & Bridges": Crowns, crown, Bridges, bridge), to recognise the subject."""
    out: list[str] = []
    for n in names:
        pieces = [p.strip() for p in re.split(r"\s*&\s*|\s+and\s+", n) if p.strip()] if parts else []
        pieces = pieces if len(pieces) > 1 else []
        singles = [re.sub(r"(?<=[a-z])s$", "", p) for p in pieces]
        single = re.sub(r"(?<=[a-z])s$", "", n) if parts else n  # "Home Visits": "Home visit physiotherapy"
        for v in (n, n.replace("&", "and"), n.replace(" and ", " & "), *pieces, *singles, single):
            if v and v not in out:
                out.append(v)
    return out


# Words a service's name shares with any other ("Dental Care", "Massage Therapy"): no evidence that two names are one.
GENERIC_NAME_WORDS = frozenset({"and", "the", "of", "for", "with", "dental", "therapy", "treatment", "treatments", "care",
                                "clinic", "services", "service"})


def strip_article(text: str) -> str:
    """`text` without a leading "a", "an" or "the"."""
    return _ARTICLE.sub("", text)


def _initials(words: list[str]) -> str:
    """The letters an acronym of these words has, hyphenated parts counted apart ("platelet-rich plasma": PRP)."""
    return "".join(part[0] for w in words for part in w.split("-") if part).upper()


def _spelled_before(text: str, acronym: str) -> str | None:
    """The words right before a position whose initials spell `acronym` ("Vestibular Rehabilitation Therapy" before
    "VRT"), hyphenated parts counted apart."""
    words = text.split()[-len(acronym) - 1:]
    for k in range(1, len(words) + 1):
        tail = words[-k:]
        if _initials(tail) == acronym \
                and all(w[:1].isupper() for w in tail):
            return " ".join(tail)
    return None


def _expansion(text: str, acronym: str, rest: str = "") -> str | None:
    """The words an acronym stands for where the text defines it in the name's own words: `platelet-rich plasma
    (PRP) injections` for "PRP Injections" → platelet-rich plasma (the initials of the words, hyphenated parts
    counted apart, spell the acronym)."""
    defined = (r"((?:[\w'-]+\s+){1,6})\(" + acronym + r"\)\s*" + re.escape(rest),  # "platelet-rich plasma (PRP) injections"
               # "Platelet-rich plasma injections — PRP for short", "…injections (PRP)", "…injections, or PRP,"
               r"((?:[\w'-]+\s+){1,6})" + re.escape(rest) + r"\s*(?:\(|[—–]\s*|,\s+or\s+)" + acronym + r"\b")
    for m in (m for pattern in defined for m in re.finditer(pattern, text, re.IGNORECASE)):
        words = m.group(1).split()
        for k in range(1, len(words) + 1):
            tail = words[-k:]
            initials = _initials(tail)
            if initials == acronym:
                return " ".join(tail)
    return None


def smart_case(text: str) -> str:
    """A heading written in capitals, in title case with its short words (acronyms) kept."""
    if text != text.upper():
        return text
    return " ".join(w if len(w) <= 3 and w.isalpha() else w.capitalize() for w in re.split(r"(?<=\s)|(?=/)", text)
                    ).replace(" /", "/")
