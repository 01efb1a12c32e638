"""Links have descriptive text.

Flags a link whose visible text says nothing about where it goes, so that neither a search engine nor someone
scanning the page's links can tell: Lighthouse's `link-text` list of English phrases ("click here", "click this",
"go", "here", "information", "learn more", "more", "more info", "more information", "right here", "read more",
"see more", "start", "this"), plus "link", plus the rule's `extra-phrases` option (e.g. French phrases), compared
trimmed, case-insensitively, with trailing punctuation and arrows ("Read more »", "Here.") left out. Like
Lighthouse, a link whose whole text is an http(s) URL is flagged too.

Skipped, as in Lighthouse: `mailto:`, `tel:` and `javascript:` links, same-page links (`#top`, or the page's own
URL with a fragment), and `rel="nofollow"` links, which search engines do not follow. Also skipped: links whose
`aria-label`, resolvable `aria-labelledby` or `title` gives a descriptive name, links with no text (`link-name`
checks those), and copies inside `<noscript>` / `<template>`.

Fail: `<a href="https://book.example/">click here</a>`, `<a href="/massage">Read more →</a>`. Pass:
`<a href="/massage">Read more about massage therapy</a>`, `<a href="/massage" aria-label="Massage therapy">More</a>`.
"""

from __future__ import annotations

import unicodedata
from typing import Iterator
from urllib.parse import urlsplit

from audits._common import labelledby_text
from audits.context import PageContext
from audits.rule import Finding, RuleMeta
from clinicaudit.page import collapse, text_of

META = RuleMeta(
    id="link-text", category="links", severity="warning", title="Links have descriptive text",
    help="Make the link text say where it goes (\"Book a physiotherapy assessment\" rather than \"click here\"), "
         "or name the link with aria-label.",
    options={"extra-phrases": []},
    help_url="https://developer.chrome.com/docs/lighthouse/seo/link-text/",
)
PHRASES = frozenset({"click here", "click this", "go", "here", "information", "learn more", "more", "more info",
                     "more information", "right here", "read more", "see more", "start", "this", "link"})
_SKIP_SCHEMES = ("mailto:", "tel:", "javascript:")


def comparable(text: str) -> str:
    """Lower-case, white space folded, trailing punctuation and symbols (., !, », →) removed."""
    text = collapse(text).lower()
    while text and (unicodedata.category(text[-1])[0] in "PS" or text[-1].isspace()):
        text = text[:-1]
    return text


def _is_url(text: str) -> bool:
    parts = urlsplit(text) if " " not in text else None
    return bool(parts and parts.scheme in ("http", "https") and parts.netloc)


def check(ctx: PageContext) -> Iterator[Finding]:
    phrases = PHRASES | {comparable(p) for p in ctx.option(META, "extra-phrases")}
    for a in ctx.root.iter("a"):
        href = (a.get("href") or "").strip()
        rel = (a.get("rel") or "").lower().split()
        if (not href or href.startswith("#") or href.lower().startswith(_SKIP_SCHEMES) or "nofollow" in rel
                or any(p.tag in ("noscript", "template") for p in a.iterancestors())
                or ctx.page.absolute(href) == ctx.page.absolute(ctx.page.url)):
            continue
        text = text_of(a)
        bare = _is_url(text.strip())
        if not text or not (bare or comparable(text) in phrases):
            continue
        name = labelledby_text(a) or collapse(a.get("aria-label")) or collapse(a.get("title"))
        if name and comparable(name) not in phrases and not _is_url(name):
            continue
        message = (f"The link text is a bare URL ({text[:80]!r}): say in words where the link goes" if bare else
                   f"The link text {text!r} does not say where the link goes ({href[:100]})")
        yield ctx.finding(META, a, message, text=text, href=href)
