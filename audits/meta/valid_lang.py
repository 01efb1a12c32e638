"""Language changes inside the page use valid language tags.

Flags an element other than `<html>` whose `lang` (or `xml:lang`) is not a valid language tag (see
`html-lang-valid`: well formed, and a primary subtag the IANA Language Subtag Registry knows), when that element holds
rendered text whose language it sets: text of its own, not only text inside a descendant that sets its own language,
not only hidden text (`hidden`, `display:none`; text hidden with `aria-hidden` still counts, since it is shown). A
`lang` of only spaces is not a tag. Same meaning as axe-core's `valid-lang` (WCAG 3.1.2): a screen reader reads
`<span lang="francais">Bonjour</span>` in the page's voice instead of switching to French.

Fail: `<p lang="francais">Bonjour</p>`, `<blockquote lang="en_GB">…</blockquote>`. Pass: `<p lang="fr">Bonjour</p>`,
`<p lang="fr-CA">`, `<p lang="wrong"><span lang="en">text</span></p>` (its only text sets its own language).
"""

from __future__ import annotations

from typing import Iterator

from lxml.html import HtmlElement

from audits._common import NOT_RENDERED, out_of_view
from audits.context import PageContext
from audits.meta._lang import valid_language
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="valid-lang",
    category="meta",
    severity="warning",
    title="Language changes use valid language tags",
    help="Give the lang attribute a BCP 47 language tag, e.g. lang=\"fr\" or lang=\"es-MX\".",
    help_url="https://dequeuniversity.com/rules/axe/4.10/valid-lang",
)
_ATTRIBUTES = ("lang", "{http://www.w3.org/XML/1998/namespace}lang", "xml:lang")


def check(ctx: PageContext) -> Iterator[Finding]:
    html = ctx.root.getroottree().getroot()
    for el in ctx.root.xpath("//*[@lang or @*[name()='xml:lang' or local-name()='lang']]"):
        if el is html or any(True for _ in el.iterancestors(*NOT_RENDERED)):
            continue
        bad = [(attr.replace("{http://www.w3.org/XML/1998/namespace}", "xml:"), value) for attr in _ATTRIBUTES
               if (value := el.get(attr)) is not None and value != "" and not valid_language(value)]
        if bad and not out_of_view(el) and _has_own_text(el):
            shown = " and ".join(f"{a}={v!r}" for a, v in bad)
            yield ctx.finding(META, el, f"This <{el.tag}> has {shown}, which is not a valid language tag",
                              values=dict(bad))


def _has_own_text(el: HtmlElement) -> bool:
    """Rendered text whose language `el` sets: its own text and its descendants', leaving out those that set their
    own language, are not rendered, or are hidden; an image's alt counts."""
    if (el.text or "").strip() or (el.tag == "img" and (el.get("alt") or "").strip()):
        return True
    for child in el:
        if not isinstance(child.tag, str):
            if (child.tail or "").strip():
                return True
            continue
        if (child.tail or "").strip():
            return True
        if child.tag in NOT_RENDERED or child.get("lang") is not None or child.get("xml:lang") is not None \
                or out_of_view(child):
            continue
        if _has_own_text(child):
            return True
    return False
