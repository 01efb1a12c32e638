"""Regenerate the derived vocabulary files in `clinicaudit/data/vocab/en/` from maintained sources:

- `conditions.txt`: the head words of ICD-10-CM code titles (CMS/NCHS, through the `simple-icd-10-cm` package), and
  of their inclusion terms when the word is not everyday English (lemminflect's lemma table):
  the last word of a title's leading noun phrase ("Low back pain" → pain, "Sprain of ligaments of cervical spine"
  → sprain, "Plantar fascial fibromatosis" → fibromatosis), plus every single- or two-word title ("Sciatica",
  "Vertigo"), lower case, ICD's own bookkeeping words left out.
- `therapies.txt`: the words of schema.org's therapy, procedure and medical-business types and MedicalSpecialty
  values (from the vocabulary the project ships);
- `verbs.txt`: words that English uses only as verbs (lemminflect's lemma table), participles left out: an item
  that starts with one ("Reduce pain", "Improve posture") is a benefit or an instruction, not the name of a
  condition ("Worn teeth" is one).

Run `python -m clinicaudit.extract.build_vocabulary` with both packages installed (`pip install
simple-icd-10-cm lemminflect`); the tool itself reads only the files, so neither package is needed at run time.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent / "data" / "vocab" / "en"
# ICD-10-CM's own bookkeeping and qualifier words: never the name of a condition.
ICD_META = frozenset("""
unspecified other specified encounter sequela initial subsequent type site part level region and or of with without
due to in on at by for from the a an not elsewhere classified nec nos left right bilateral unilateral upper lower
multiple single first second third fourth degree stage phase code category chapter block history status routine
care examination observation presence absence screening complication complications finding findings result results
follow up use long term current personal family other nontraumatic traumatic acute chronic recurrent primary
secondary mild moderate severe newborn maternal unsp sites region regions body bodies lesion lesions effect effects
person persons injured accident""".split())
_CUT = re.compile(r"\s+(?:of|due to|with|without|in|at|on|and|or|following|by|for|from|as|involving|affecting|"
                  r"complicating|associated with|not elsewhere)\b|[,(\[:;]")
_WORD = re.compile(r"[a-z][a-z'-]+")


def icd_heads() -> list[str]:
    import simple_icd_10_cm as cm

    heads: Counter[str] = Counter()
    for code in cm.get_all_codes(with_dots=False):
        if code[0] in "VWXYZ" or not (cm.is_leaf(code) or cm.is_category(code)):
            continue  # external causes and health-service contacts are not conditions; chapters and blocks are groups
        title = cm.get_description(code).lower()
        lead = _CUT.split(title, maxsplit=1)[0].strip()
        words = [w for w in _WORD.findall(lead) if w not in ICD_META]
        if not words:
            continue
        heads[words[-1]] += 1
    adjectives = _adjectives()  # "benign", "congenital": a title's adjective when its noun is ICD bookkeeping
    return sorted({w for w, n in heads.items() if len(w) > 2 and w not in adjectives} | _inclusion_heads(cm, set(heads)))


def _inclusion_heads(cm: Any, title_heads: set[str]) -> set[str]:
    """The head words of ICD-10-CM's inclusion terms (the other names of a code: "Developmental dyspraxia" under
    F82, "Diastasis of muscle" under M62.0) that are not everyday English words (lemminflect's lemma table knows
    "age", "form", "point"; it does not know "dyspraxia" or "diastasis"): the terms add names, not noise."""
    english = _english_words()
    heads: set[str] = set()
    for code in cm.get_all_codes(with_dots=False):
        if code[0] in "VWXYZ" or cm.is_chapter_or_block(code):
            continue
        for term in cm.get_inclusion_term(code):
            lead = _CUT.split(term.lower(), maxsplit=1)[0].strip()
            words = [w for w in _WORD.findall(lead) if w not in ICD_META]
            if words and words[-1].isalpha() and len(words[-1]) > 3:
                heads.add(words[-1])
    return {w for w in heads - title_heads if w not in english}


@lru_cache(maxsize=1)
def _lemma_tags() -> dict[str, frozenset[str]]:
    """Each English word of lemminflect's lemma table with its parts of speech (`adj`, `verb`, `noun`, …)."""
    import lemminflect

    table = resources.files(lemminflect) / "resources" / "lemma_lu.csv.gz"
    tags: dict[str, set[str]] = {}
    with gzip.open(str(table), "rt", encoding="utf-8") as f:
        for line in f:
            word, tag, _ = line.rstrip("\n").split(",", 2)
            tags.setdefault(word.lower(), set()).add(tag.lower())
    return {w: frozenset(t) for w, t in tags.items()}


def _adjectives() -> set[str]:
    """Words English uses only as adjectives or adverbs."""
    return {w for w, tags in _lemma_tags().items() if tags <= {"adj", "adv"}}


def _english_words() -> set[str]:
    return set(_lemma_tags())


def verb_only_words() -> list[str]:
    import lemminflect

    pos_of = _lemma_tags()
    # Participles name a condition as often as an action ("Worn teeth", "Torn meniscus", "Pinched nerves").
    participles = {form.lower() for lemma in {w for w, tags in pos_of.items() if "verb" in tags}
                   for tag, forms in lemminflect.getAllInflections(lemma, upos="VERB").items()
                   if tag in ("VBN", "VBG") for form in forms}
    return sorted(w for w, tags in pos_of.items()
                  if tags <= {"verb", "aux"} and w.isalpha() and len(w) > 2 and w not in participles)


_GENERIC_TYPE_WORDS = frozenset({"medical", "business", "office", "facility", "individual", "public", "community",
                                 "primary", "covid", "testing", "health", "physician", "physicians", "emergency",
                                 "science", "exam"})


def schemaorg_therapy_words() -> list[str]:
    """The words of schema.org's therapy, procedure and medical-business types and of its MedicalSpecialty values
    (`PhysicalTherapy` → physical, therapy; `Podiatric`; `DietNutrition` → diet, nutrition), from the vocabulary the
    project ships."""
    from clinicaudit.vocab import vocabulary

    vocab = vocabulary()
    names = {n for n in vocab.parents if any(vocab.is_a(n, t) for t in (
        "MedicalTherapy", "MedicalProcedure", "MedicalBusiness", "MedicalSpecialty"))}
    path = resources.files("clinicaudit") / "data" / "schemaorg" / "schemaorg-current-https.jsonld"
    import json

    for node in json.loads(path.read_text(encoding="utf-8"))["@graph"]:
        kinds = node.get("@type") if isinstance(node.get("@type"), list) else [node.get("@type")]
        if "schema:MedicalSpecialty" in kinds:
            names.add(node["@id"].split(":", 1)[1])
    words = {w.lower() for n in names for w in re.findall(r"[A-Z][a-z]+", n)}
    # Adjectives of a specialty name an organ or a science ("Musculoskeletal", "Renal"), which conditions share.
    return sorted(w for w in words - _GENERIC_TYPE_WORDS
                  if len(w) > 3 and not w.endswith(("ic", "al", "ous", "ary", "ory", "ar", "ive", "ine", "ogy", "ia")))


def write(name: str, header: str, words: list[str]) -> None:
    (HERE / name).write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{name}: {len(words)} words")


def main() -> None:
    write("conditions.txt", "# Head words of ICD-10-CM titles (CMS/NCHS via simple-icd-10-cm), generated by\n"
          "# `python -m clinicaudit.extract.build_vocabulary`; do not edit by hand.\n", icd_heads())
    write("therapies.txt", "# Words of schema.org's therapy, procedure and medical-business types and MedicalSpecialty\n"
          "# values, generated by `python -m clinicaudit.extract.build_vocabulary`; do not edit by hand.\n",
          schemaorg_therapy_words())
    write("verbs.txt", "# Words used only as verbs (lemminflect's lemma table), generated by\n"
          "# `python -m clinicaudit.extract.build_vocabulary`; do not edit by hand.\n", verb_only_words())


if __name__ == "__main__":
    main()
