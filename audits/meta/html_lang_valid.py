"""The `<html>` element's `lang` is a valid language tag.

Flags a page whose `<html lang>` (or `xml:lang`) is not a valid language tag: a well-formed BCP 47 tag (a primary
language subtag of 2 or 3 letters, then optional subtags of 1 to 8 letters or digits separated by hyphens) whose
primary subtag is a language of the IANA Language Subtag Registry (read through the `language-tags` package). A
screen reader given `lang="english"`, `lang="en_US"` or `lang="xx"` falls back to its default voice. Same meaning as
axe-core's `html-lang-valid` (WCAG 3.1.1). An empty or missing `lang` is `html-has-lang`.

Fail: `<html lang="english">`, `<html lang="en_US">`, `<html lang="en-">`, `<html lang="xx">`. Pass:
`<html lang="en">`, `<html lang="en-CA">`, `<html lang="zh-Hant-TW">`, `<html lang=" fr ">`, `<html lang="oma">`.
"""

from __future__ import annotations

from typing import Iterator

from audits.context import PageContext
from audits.meta._lang import valid_language, well_formed
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


def check(ctx: PageContext) -> Iterator[Finding]:
    html = ctx.root.getroottree().getroot()
    bad = [(attr, value.strip()) for attr in ("lang", "xml:lang")
           if (value := html.get(attr)) is not None and value.strip() and not valid_language(value)]
    if not bad:
        return
    verb = "is not a valid language tag" if len(bad) == 1 else "are not valid language tags"
    message = f"The <html> element's {' and '.join(f'{a}={v!r}' for a, v in bad)} {verb}"
    fixed = [v.replace("_", "-") for _, v in bad if valid_language(v.replace("_", "-"))]
    if fixed:
        message += f": subtags are joined with hyphens ({fixed[0]!r})"
    elif all(well_formed(v) for _, v in bad):
        message += ": its language code is not in the IANA language subtag registry"
    else:
        message += ": expected a 2- or 3-letter language code, then optional subtags joined with hyphens"
    yield ctx.finding(META, None, message, values=dict(bad))
