"""The `<html>` element has a `lang` attribute.

Flags a page whose `<html>` element has no `lang`, or a `lang` that is empty or only white space (a page-level
finding). Screen readers choose the voice and pronunciation from it, and browsers use it for translation offers
and hyphenation. Same meaning as axe-core's `html-has-lang` (WCAG 3.1.1): in an HTML page `xml:lang` alone does
not count, because browsers and screen readers only read `lang` outside XHTML. Whether the value is a real
language tag is `html-lang-valid`.

Fail: `<html>`, `<html lang="">`, `<html xml:lang="en">`. Pass: `<html lang="en">`, `<html lang="en-CA">`.
"""

from __future__ import annotations

from typing import Iterator

from audits.context import PageContext
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="html-has-lang",
    category="meta",
    severity="error",
    title="The page declares its language",
    help="Add the page's language to the <html> element, e.g. <html lang=\"en\"> (or \"en-CA\", \"fr-CA\").",
    help_url="https://dequeuniversity.com/rules/axe/4.10/html-has-lang",
)


def check(ctx: PageContext) -> Iterator[Finding]:
    html = ctx.root.getroottree().getroot()
    lang = html.get("lang")
    if lang is not None and lang.strip():
        return
    if (html.get("xml:lang") or "").strip():
        message = (f"The <html> element has xml:lang={html.get('xml:lang').strip()!r} but no lang: in an HTML page "
                   "only lang is read")
    elif lang is None:
        message = "The <html> element has no lang attribute: screen readers cannot tell which language to speak"
    else:
        message = "The <html> element's lang attribute is empty: screen readers cannot tell which language to speak"
    yield ctx.finding(META, None, message)
