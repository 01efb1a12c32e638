"""Each page has a meta description.

Flags a page with no `<meta name="description">` (a page-level finding), or whose description's `content` is
missing, empty or only white space (at the element). Search engines often show the description as the snippet
under the title; without one they pick text from the page. Same meaning as Lighthouse's `meta-description`: the
first `<meta name="description">` is the one read (name compared case-insensitively); `og:description` and
microdata `itemprop="description"` are not meta descriptions.

Fail: no description, `<meta name="description" content=" ">`. Pass:
`<meta name="description" content="Registered physiotherapists in Edmonton. Book online.">`.
"""

from __future__ import annotations

from typing import Iterator

from audits.context import PageContext
from audits.meta._text import named_meta
from audits.rule import Finding, RuleMeta
from clinicaudit.page import collapse

META = RuleMeta(
    id="meta-description",
    category="meta",
    severity="warning",
    title="Pages have a meta description",
    help="Add <meta name=\"description\" content=\"...\"> with one or two sentences that sum up the page.",
    help_url="https://developer.chrome.com/docs/lighthouse/seo/meta-description/",
)


def check(ctx: PageContext) -> Iterator[Finding]:
    metas = named_meta(ctx.root, "description")
    if not metas:
        yield ctx.finding(META, None, "The page has no <meta name=\"description\">: search engines will make up "
                                      "the snippet from the page's text")
    elif not collapse(metas[0].get("content")):
        yield ctx.finding(META, metas[0], "The meta description is empty" if metas[0].get("content") is not None
                          else "The meta description has no content attribute")
