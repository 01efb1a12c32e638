"""The vocabulary of extraction, loaded once from `clinicaudit/data/vocab/<lang>/`: condition head words (ICD-10-CM
and hand-kept), body parts, therapy words, verbs, and the cues of headings. Each function returns evidence (a number
or a yes/no), never a verdict: callers weigh it with other signals."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_TOKEN = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")
# A condition's name ends its leading noun phrase before these ("pain in the knee", "tears of the rotator cuff").
_LEAD_CUT = re.compile(r"\s+(?:of|in|on|at|with|without|due|from|after|following|during|for|caused|related|such|"
                       r"including|like|e\.g\.)\b|\s+[-–—(:]|[,;(/&]|\s+and\s+|\s+or\s+")
_PRONOUNS = frozenset({"you", "your", "you're", "we", "our", "us", "i", "my", "me"})
# Words of a clause: an item holding one describes ("Pain that eases as you warm up"), it does not name.
_CLAUSE = frozenset({"that", "when", "which", "while", "whenever", "within", "during", "until", "felt", "feel",
                     "feels", "feeling", "is", "are", "was", "can", "will", "may", "has", "have", "had",
                     "who", "whom", "whose"})
_ARTICLES = frozenset({"a", "an", "the"})
_PREPOSITIONS = frozenset({"before", "after", "during", "following", "while", "if", "from", "to", "at", "on", "by",
                           "into", "through", "since", "until", "when"})
# Nouns that stand for any condition: "conditions", "painful problems", "a wide range of issues".
_GENERIC = frozenset({"condition", "conditions", "problem", "problems", "issue", "issues", "complaint", "complaints",
                      "concern", "concerns", "range", "kind", "kinds", "type", "types", "variety"})
# Head nouns that name no condition on their own ("Pain", "Injuries").
_GENERIC_HEADS = frozenset({"pain", "ache", "injury", "strain", "problem", "issue", "disorder", "disease", "syndrome",
                            "dysfunction", "recovery", "rehabilitation", "rehab", "surgery", "condition", "loss",
                            "weakness", "difficulty", "delay"})
_STOP = frozenset({"and", "or", "the", "a", "an", "of", "in", "on", "to", "for", "with", "more", "many", "other",
                   "others", "etc", "much", "all", "any", "some", "plus", "as", "well"})


@dataclass(frozen=True, eq=False)  # hashed by identity: one instance per language, a key of the caches below
class Vocabulary:
    condition_heads: frozenset[str]
    hand_heads: frozenset[str]  # the generic head nouns of lexicon.toml (pain, injury, strain…)
    condition_suffixes: tuple[str, ...]
    body_parts: frozenset[str]
    therapy_words: frozenset[str]
    verbs: frozenset[str]
    service_index: frozenset[str]
    service_folders: frozenset[str]
    not_service_words: frozenset[str]
    article_folders: frozenset[str]
    condition_folders: frozenset[str]
    archive_folders: frozenset[str]
    condition_cues: re.Pattern[str]
    weak_condition_cues: re.Pattern[str]
    not_condition_cues: re.Pattern[str]
    doubtful_cues: re.Pattern[str]
    alias_cues: tuple[str, ...]
    lay_names: frozenset[tuple[str, ...]] = frozenset()  # "tennis elbow": a part of the body named as a condition


def _any(patterns: list[str]) -> re.Pattern[str]:
    """One regular expression that matches where any of `patterns` does."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _words(text: str) -> frozenset[str]:
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _spellings(words: frozenset[str], variants: list[list[str]]) -> frozenset[str]:
    """`words` and their other spellings ("edema" → "oedema", "anemia" → "anaemia")."""
    more = {w.replace(a, b) for w in words for a, b in variants if a in w}
    return words | frozenset(more)


@lru_cache(maxsize=4)
def vocabulary(lang: str = "en") -> Vocabulary:
    folder = resources.files("clinicaudit") / "data" / "vocab"
    if not (folder / lang / "lexicon.toml").is_file():
        lang = "en"
    base = folder / lang
    lex = tomllib.loads((base / "lexicon.toml").read_text(encoding="utf-8"))
    heads = _spellings(_words((base / "conditions.txt").read_text(encoding="utf-8")) | frozenset(lex["condition_heads"]),
                       lex.get("spelling_variants", []))
    return Vocabulary(
        condition_heads=heads - frozenset(lex["body_parts"]) - _GENERIC - frozenset(lex["not_condition_heads"]),
        hand_heads=frozenset(lex["condition_heads"]),
        condition_suffixes=tuple(lex["condition_suffixes"]),
        body_parts=frozenset(lex["body_parts"]),
        therapy_words=frozenset(lex["therapy_words"]) | _words((base / "therapies.txt").read_text(encoding="utf-8")),
        verbs=_words((base / "verbs.txt").read_text(encoding="utf-8")),
        service_index=frozenset(lex["service_index"]),
        service_folders=frozenset(lex["service_folders"]),
        not_service_words=frozenset(lex["not_service_words"]),
        article_folders=frozenset(lex["article_folders"]),
        condition_folders=frozenset(lex["condition_folders"]),
        archive_folders=frozenset(lex.get("archive_folders", [])),
        condition_cues=_any(lex["cues"]["conditions"]),
        weak_condition_cues=_any(lex["cues"]["conditions_weak"]),
        not_condition_cues=_any(lex["cues"]["not_conditions"]),
        doubtful_cues=_any(lex["cues"]["not_conditions_weak"]),
        alias_cues=tuple(lex["cues"]["aliases"]),
        lay_names=frozenset(tuple(tokens(n)) for n in lex.get("lay_names", [])),
    )


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("’", "'"))


def singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "sis")):
        return word[:-1]
    return word


def mentions_condition(text: str, vocab: Vocabulary | None = None) -> bool:
    """Whether a text holds a word that condition names end with (a sentence without one cannot enumerate
    conditions that read as plainly as prose requires)."""
    vocab = vocab or vocabulary()
    sequence = tokens(text)
    words = set(sequence)
    if not vocab.condition_heads.isdisjoint(words):
        return True
    if any(_is_head(w, vocab) for w in words if w.endswith("s") or len(w) > 6):  # plurals and suffixes
        return True
    if vocab.lay_names and not vocab.body_parts.isdisjoint(words):  # "tennis elbow": a lay name ends in a part
        joined = f" {' '.join(sequence)} "
        return any(f" {' '.join(n)} " in joined for n in vocab.lay_names)
    return False


def is_generic(name: str) -> bool:
    """A single word that names no condition on its own ("Condition", "Pain", "Injuries")."""
    words = tokens(name)
    return len(words) == 1 and (singular(words[0]) in _GENERIC_HEADS or words[0] in _GENERIC)


@lru_cache(maxsize=16384)
def _is_head(word: str, vocab: Vocabulary) -> bool:
    w = singular(word)
    return (word in vocab.condition_heads or w in vocab.condition_heads
            or (len(w) > 6 and w.endswith(vocab.condition_suffixes)))


@lru_cache(maxsize=16384)
def _is_part(word: str, vocab: Vocabulary) -> bool:
    """A part of the body, or two run together ("toenails", "fingernail")."""
    w = singular(word)
    if word in vocab.body_parts or w in vocab.body_parts:
        return True
    return len(w) >= 6 and any(w[:k] in vocab.body_parts and w[k:] in vocab.body_parts for k in range(3, len(w) - 2))


def condition_likeness(text: str, vocab: Vocabulary | None = None) -> float:
    """How much a short text reads as the name of a condition (see `_likeness`); cached, as menus and footers
    repeat on every page."""
    return _likeness(text, vocab or vocabulary())


@lru_cache(maxsize=4096)
def _likeness(text: str, vocab: Vocabulary) -> float:
    """How much a short text reads as the name of a condition, from -1 (a sentence, a benefit, a price) to 1
    (its noun phrase ends in a condition word: "Low back pain", "Plantar fasciitis", "Headaches & migraines")."""
    vocab = vocab or vocabulary()
    text = text.strip()
    words = tokens(text)
    if not words or len(words) > 14 or re.search(r"[$£€¥]|\d{2,}\s*(?:min|%)|\?$", text):
        return -1.0
    if _PRONOUNS & set(words) and len(words) >= 3:
        return -1.0
    if len(words) >= 3 and words[0] in _PREPOSITIONS:
        return -0.5  # "Before and after prostate surgery", "After a sprain": a circumstance
    participle_of_a_part = words[0].endswith(("ed", "ing", "en")) and len(words) > 1 and any(
        _is_part(w, vocab) or _is_head(w, vocab) for w in words[1:5])
    if words[0] in vocab.verbs and words[0] not in vocab.condition_heads and not participle_of_a_part:
        # (but "Pinched nerves", "Bulging discs", "Torn meniscus" name conditions)
        return -0.5  # "Reduce pain", "Improve posture": a benefit or an instruction
    if len(words) >= 3 and (words[0] in _ARTICLES or (len(words) >= 5 and _CLAUSE & set(words))):
        return -0.5  # "A pop felt at the moment of injury", "Pain that eases as you warm up": a description
    content = [w for w in words if w not in _STOP]
    if not content:
        return -1.0  # "and more", "etc."
    lead = tokens(_LEAD_CUT.split(text.lower(), maxsplit=1)[0]) or words
    if lead[-1] in vocab.therapy_words and lead[-1] not in vocab.hand_heads:
        return -0.3  # "Gait analysis", "Foot scanning", "Taping and strapping": a service's name, not a condition
    if is_generic(text):
        return 0.2  # "Pain", "Injuries" alone name no condition
    if _is_head(lead[-1], vocab) or any(tuple(lead[-len(n):]) == n for n in vocab.lay_names if len(lead) >= len(n)):
        return 1.0
    if any(_is_head(w, vocab) for w in words):
        return 0.8
    if len(words) > 8:
        return -0.5
    if any(_is_part(w, vocab) for w in words):
        return 0.6
    return 0.0


def is_vague(word: str) -> bool:
    """A complaint's word that names no condition on its own ("pain", "swelling", "stiffness")."""
    return word.lower() in _VAGUE_HEADS or singular(word.lower()) in _VAGUE_HEADS


def plainly_a_condition(text: str, vocab: Vocabulary | None = None) -> bool:
    """A name that says it is a condition by its own last word: a hand-picked condition word ("pain", "syndrome",
    "whiplash"), a medical suffix ("-itis", "-algia", "-aches"), or a lay name ("tennis elbow"). ICD-10-CM's head
    words alone ("event", "guidance", "adults") are evidence in a list of conditions, not in running prose."""
    vocab = vocab or vocabulary()
    lead = tokens(_LEAD_CUT.split(text.lower(), maxsplit=1)[0]) or tokens(text)
    if not lead:
        return False
    last = lead[-1]
    w = singular(last)
    if is_vague(last):
        return False  # "heel pain", "everyday aches", "stiffness": in prose, a complaint described, not a name
    return (last in vocab.hand_heads or w in vocab.hand_heads or (len(w) > 6 and w.endswith(vocab.condition_suffixes))
            or any(tuple(lead[-len(n):]) == n for n in vocab.lay_names if len(lead) >= len(n)))


# Condition words that name a complaint or a stage of care rather than a condition ("pain", "stiffness", "recovery");
# and words with a medical suffix that name none ("diagnosis").
_VAGUE_HEADS = frozenset({"pain", "ache", "injury", "stiffness", "weakness", "tightness", "stress", "sensitivity",
                          "swelling", "numbness", "bruising",
                          "loss", "recovery", "rehabilitation", "rehab", "surgery", "replacement", "reconstruction",
                          "repair", "delay", "difficulty", "difficulties", "decay", "imbalance", "dizziness",
                          "diagnosis", "prognosis"})


def names_therapy(text: str | None, vocab: Vocabulary | None = None) -> bool:
    """Whether a short name (a menu label, an h1) reads as a therapy or service: a therapy word in it, and not a
    sentence."""
    if not text:
        return False
    vocab = vocab or vocabulary()
    words = tokens(text)
    return 0 < len(words) <= 8 and any(w in vocab.therapy_words or singular(w) in vocab.therapy_words for w in words)


def label_words(text: str | None) -> set[str]:
    return {singular(w) for w in tokens(text or "")} | set(tokens(text or ""))


def is_service_index(text: str | None, vocab: Vocabulary | None = None) -> bool:
    """A label like "Services", "Our Treatments", "What We Treat": the entry of an index of services."""
    vocab = vocab or vocabulary()
    return " ".join(tokens(text or "")) in vocab.service_index


def says_not_service(text: str | None, vocab: Vocabulary | None = None) -> bool:
    vocab = vocab or vocabulary()
    words = tokens((text or "").replace("-", " "))
    return bool(words) and len(words) <= 6 and any(w in vocab.not_service_words for w in words) and not any(
        w in vocab.therapy_words for w in words if w not in vocab.not_service_words)


def list_cue(text: str | None, vocab: Vocabulary | None = None) -> int:
    """2 when a heading or lead-in names what follows as conditions ("Conditions we treat", "What can massage help
    with?"), 1 when it only suggests it ("What we see most often", "Who is it for?"), -1 when it introduces
    something else (benefits, symptoms, steps, prices), 0 otherwise: also when it only casts doubt ("Why families
    visit", "what to bring") and names nothing."""
    if not text:
        return 0
    vocab = vocab or vocabulary()
    return _cue(text.lower(), vocab)


@lru_cache(maxsize=4096)
def _cue(low: str, vocab: Vocabulary) -> int:
    if vocab.not_condition_cues.search(low):
        return -1
    if vocab.condition_cues.search(low):
        return 2
    if vocab.doubtful_cues.search(low):
        return 0
    return 1 if vocab.weak_condition_cues.search(low) else 0
