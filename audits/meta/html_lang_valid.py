"""The `<html>` element's `lang` is a valid language tag.

Flags a page whose `<html lang>` (or `xml:lang`) is not a well-formed BCP 47 language tag: a primary language
subtag of 2 or 3 letters, then optional subtags of 1 to 8 letters or digits separated by hyphens. A screen reader
given `lang="english"` or `lang="en_US"` falls back to its default voice. Like axe-core's `html-lang-valid` (WCAG
3.1.1), which checks the primary subtag; axe also matches it against the ISO 639 list, which this rule does not
(`lang="xx"` passes). An empty or missing `lang` is `html-has-lang`.

Fail: `<html lang="english">`, `<html lang="en_US">`, `<html lang="en-">`. Pass: `<html lang="en">`,
`<html lang="en-CA">`, `<html lang="zh-Hant-TW">`, `<html lang=" fr ">`.
"""

from __future__ import annotations

import re
from typing import Iterator

from audits.context import PageContext
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="html-lang-valid",
    category="meta",
    severity="warning",
    title="The page's language tag is valid",
    help="Use a BCP 47 language tag: a 2- or 3-letter language code, optionally a region, e.g. lang=\"en\", "
         "\"en-CA\", \"fr-CA\".",
    help_url="https://dequeuniversity.com/rules/axe/4.10/html-lang-valid",
)
_TAG = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8})*", re.IGNORECASE)


def check(ctx: PageContext) -> Iterator[Finding]:
    html = ctx.root.getroottree().getroot()
    bad = [(attr, value.strip()) for attr in ("lang", "xml:lang")
           if (value := html.get(attr)) is not None and value.strip() and not _TAG.fullmatch(value.strip())]
    if not bad:
        return
    verb = "is not a valid language tag" if len(bad) == 1 else "are not valid language tags"
    message = f"The <html> element's {' and '.join(f'{a}={v!r}' for a, v in bad)} {verb}"
    fixed = [v.replace("_", "-") for _, v in bad if _TAG.fullmatch(v.replace("_", "-"))]
    message += f": subtags are joined with hyphens ({fixed[0]!r})" if fixed else \
        ": expected a 2- or 3-letter language code, then optional subtags joined with hyphens"
    yield ctx.finding(META, None, message, values=dict(bad))
