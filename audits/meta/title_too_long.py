"""Page titles are short enough to show in full in search results.

Flags a `<title>` longer than `max-length` characters (default 60, counted after white space is folded;
`&amp;` counts as one character). Google cuts a title off at about 600 pixels, roughly 50–60 characters, and
shows "…" instead of the rest; the 60-character limit is the one SEO tools (Moz, Screaming Frog) use. A notice:
a long title still works, but its end, often the clinic's name, is not seen. Only the document's own title is
measured (not an inline SVG's `<title>`); a missing or empty title is `document-title`.

Fail: `<title>Physiotherapy, Massage and Dry Needling in Old Strathcona, Edmonton | Clinic</title>` (76).
Pass: `<title>Physiotherapy in Edmonton | Strathcona Clinic</title>` (46).
"""

from __future__ import annotations

from typing import Iterator

from audits.context import PageContext
from audits.meta._text import document_title, title_text
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="title-too-long",
    category="meta",
    severity="notice",
    title="Titles fit in search results",
    help="Shorten the title to about 60 characters, with the most important words first.",
    options={"max-length": 60},
    help_url="https://developers.google.com/search/docs/appearance/title-link",
)


def check(ctx: PageContext) -> Iterator[Finding]:
    title = document_title(ctx.root)
    limit = ctx.option(META, "max-length")
    if title is None:
        return
    text = title_text(title)
    if len(text) > limit:
        yield ctx.finding(META, title, f"The title is {len(text)} characters long (over {limit}): search results "
                                       f"may show only about {text[:limit].rstrip()!r}…",
                          length=len(text), max_length=limit)
