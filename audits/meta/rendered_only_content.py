"""What matters on a page is in the HTML the server sends, not only in what its scripts write.

Page rule, for rendered pages only (`--render js`, or `--render auto` on a page that looks script-built).
clinicaudit reads such a page twice: as the server sends it, and as headless Chromium leaves it
once the network is idle. This rule reports, in one finding per page, what exists only after rendering:

- the `<title>`, the first `<h1>`, the canonical link or the meta robots tag, when the rendered page has one and
  the raw HTML has none or another one (a script that rewrites the canonical or adds `noindex` is the classic);
- `main-text`: scripts write most of the text — the raw HTML has less than half of the rendered page's words, and
  at least 50 words fewer;
- `structured-data`: the rendered page has more JSON-LD blocks, microdata items or RDFa items than the raw HTML.

Why it matters: Google renders pages, but later than it crawls them, and with a budget; Bing renders less; social
networks' link previews, many SEO tools and AI crawlers do not render at all. Content that only a script writes
may be seen late, partly, or never. Server-side rendering or pre-rendering fixes it.

Fail: `<div id="app"></div><script src="/app.js">` where app.js writes the h1, the text and the JSON-LD.
Pass: the same page with its h1, text and JSON-LD in the HTML the server sends (scripts may still enhance it).
"""

from __future__ import annotations

from typing import Iterator

from audits.context import PageContext
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="rendered-only-content",
    category="meta",
    severity="warning",
    title="Titles, headings, text and structured data are in the HTML the server sends",
    help="Render the page on the server (server-side rendering, static generation or pre-rendering), so that the "
         "title, h1, canonical, meta robots, main text and JSON-LD are in the HTML before any script runs.",
    help_url="https://developers.google.com/search/docs/crawling-indexing/javascript/javascript-seo-basics",
)
LABELS = {"title": "the <title>", "h1": "the h1", "canonical": "the canonical link", "meta-robots": "the meta robots tag",
          "main-text": "most of the text", "structured-data": "structured data"}


def check(ctx: PageContext) -> Iterator[Finding]:
    render = ctx.render or {}
    only = render.get("rendered_only") or []
    if not render.get("rendered") or not only:
        return
    what = ", ".join(LABELS.get(key, key) for key in only)
    yield ctx.finding(META, None, f"Only a browser that runs this page's scripts sees {what}: the HTML the server "
                                  "sends lacks it, so crawlers that do not render (and Google, until it renders "
                                  "the page) miss it", rendered_only=list(only))
