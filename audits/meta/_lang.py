"""Language tags against the IANA Language Subtag Registry (through the `language-tags` package, which carries it):
the shared check of `html-lang-valid` and `valid-lang`."""

from __future__ import annotations

import re
from functools import lru_cache

from language_tags import tags

_FORM = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8})*", re.IGNORECASE)


@lru_cache(maxsize=256)
def valid_language(value: str) -> bool:
    """A well-formed tag (BCP 47: subtags of letters and digits joined with hyphens) whose primary language subtag is
    in the IANA registry, as axe-core checks it: `en`, `en-CA`, `oma`, `zh-Hant-TW`; not `english`, `en_US`, `xx`."""
    value = value.strip()
    if not _FORM.fullmatch(value):
        return False
    return tags.language(value.split("-", 1)[0].lower()) is not None


def well_formed(value: str) -> bool:
    return bool(_FORM.fullmatch(value.strip()))
