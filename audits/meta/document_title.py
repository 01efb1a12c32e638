"""Each page must have a title.

Flags a page with no `<title>` element (a page-level finding), or whose `<title>` is empty or only white space
(`&nbsp;` included; the finding is at the element). Search engines show the title as the result's link, browsers
in the tab, and screen readers announce it first. Same meaning as axe-core's `document-title`, which Lighthouse
runs: only the document's own title counts, so an inline SVG's `<title>` is not a page title. Length and
duplicates are other rules (`title-too-long`, `duplicate-title`).

Fail: `<head><meta charset="utf-8"></head>`, `<title>  </title>`. Pass: `<title>Physiotherapy | Clinic</title>`.
"""

from __future__ import annotations

from typing import Iterator

from audits.context import PageContext
from audits.meta._text import document_title, title_text
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="document-title",
    category="meta",
    severity="error",
    title="Pages have a title",
    help="Add a <title> in the <head> that says what the page is about, e.g. \"Physiotherapy | Clinic name\".",
    help_url="https://dequeuniversity.com/rules/axe/4.10/document-title",
)


def check(ctx: PageContext) -> Iterator[Finding]:
    title = document_title(ctx.root)
    if title is None:
        yield ctx.finding(META, None, "The page has no <title> element: search results and browser tabs have "
                                      "nothing to show for it")
    elif not title_text(title):
        yield ctx.finding(META, title, "The <title> element is empty" + (" (only white space)" if title.text_content()
                                       else "") + ": give it the page's subject")
