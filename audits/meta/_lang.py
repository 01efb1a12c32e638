"""Language tags against the IANA Language Subtag Registry (through the `language-tags` package, which carries it):
the shared check of `html-lang-valid` and `valid-lang`."""

from __future__ import annotations

import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path

_FORM = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8})*", re.IGNORECASE)


@lru_cache(maxsize=256)
def valid_language(value: str) -> bool:
    """A well-formed tag (BCP 47: subtags of letters and digits joined with hyphens) whose primary language subtag is
    in the IANA registry, as axe-core checks it: `en`, `en-CA`, `oma`, `zh-Hant-TW`; not `english`, `en_US`, `xx`."""
    value = value.strip()
    if not _FORM.fullmatch(value):
        return False
    return _is_language(value.split("-", 1)[0].lower())


def _is_language(subtag: str) -> bool:
    known = _languages()
    if known is not None:
        return subtag in known
    from language_tags import tags  # (another layout of the package: ask it)

    return tags.language(subtag) is not None


@lru_cache(maxsize=1)
def _languages() -> frozenset[str] | None:
    """The registry's language subtags, from the `language-tags` package's own data file (`language.json`, the set
    `tags.language()` answers from) read without importing the package: its import loads the whole registry, about
    12 MB in every reader process, for this one set of 8,000 subtags."""
    spec = importlib.util.find_spec("language_tags")
    if spec is None or not spec.submodule_search_locations:
        return None
    data = Path(list(spec.submodule_search_locations)[0]) / "data" / "json" / "language.json"
    return frozenset(json.loads(data.read_text(encoding="utf-8"))) if data.is_file() else None


def well_formed(value: str) -> bool:
    return bool(_FORM.fullmatch(value.strip()))
