"""Roles as WAI-ARIA 1.2 and HTML-AAM give them, for every rule that needs one: the explicit role (the first token
of `role` that names a real role), the implicit role of the HTML element, and the presentational-role conflict
resolution (WAI-ARIA 1.2, 9.1 Presentational Roles Conflict Resolution): `role="none"` or `role="presentation"` is
ignored on an element that is focusable or carries a global ARIA attribute, which keeps its implicit role."""

from __future__ import annotations

from lxml.html import HtmlElement

# WAI-ARIA 1.2 roles (abstract roles excluded: authors must not use them) and the DPUB/Graphics roles axe knows.
ROLES = frozenset("""
alert alertdialog application article banner blockquote button caption cell checkbox code columnheader combobox
comment complementary contentinfo definition deletion dialog directory document emphasis feed figure form generic
grid gridcell group heading img image insertion link list listbox listitem log main mark marquee math menu menubar
menuitem menuitemcheckbox menuitemradio meter navigation none note option paragraph presentation progressbar radio
radiogroup region row rowgroup rowheader scrollbar search searchbox separator slider spinbutton status strong
subscript suggestion superscript switch tab table tablist tabpanel term textbox time timer toolbar tooltip tree
treegrid treeitem graphics-document graphics-object graphics-symbol
doc-abstract doc-acknowledgments doc-afterword doc-appendix doc-backlink doc-biblioentry doc-bibliography
doc-biblioref doc-chapter doc-colophon doc-conclusion doc-cover doc-credit doc-credits doc-dedication doc-endnote
doc-endnotes doc-epigraph doc-epilogue doc-errata doc-example doc-footnote doc-foreword doc-glossary doc-glossref
doc-index doc-introduction doc-noteref doc-notice doc-pagebreak doc-pagefooter doc-pageheader doc-pagelist
doc-part doc-preface doc-prologue doc-pullquote doc-qna doc-subtitle doc-tip doc-toc
""".split())
# WAI-ARIA 1.2's global states and properties (6.4): any of them on an element makes a presentational role void.
GLOBAL_ATTRIBUTES = frozenset("""
aria-atomic aria-braillelabel aria-brailleroledescription aria-busy aria-controls aria-current aria-describedby
aria-description aria-details aria-disabled aria-dropeffect aria-errormessage aria-flowto aria-grabbed aria-haspopup
aria-hidden aria-invalid aria-keyshortcuts aria-label aria-labelledby aria-live aria-owns aria-relevant
aria-roledescription
""".split())
PRESENTATIONAL = frozenset({"none", "presentation"})
# Roles whose elements must have an accessible name (WAI-ARIA 1.2: "Accessible Name Required: True").
NAME_REQUIRED = frozenset("""
alertdialog button checkbox columnheader combobox dialog grid heading img link listbox menuitem menuitemcheckbox
menuitemradio meter option progressbar radio radiogroup region rowheader searchbox slider spinbutton switch table
tabpanel textbox tree treegrid treeitem
""".split())
_FORM_CONTROLS = ("button", "select", "textarea")
# Roles that take their name from their content (WAI-ARIA 1.2: "Name From: contents").
NAME_FROM_CONTENT = frozenset("""
button cell checkbox columnheader gridcell heading link menuitem menuitemcheckbox menuitemradio option radio row
rowheader switch tab tooltip treeitem doc-backlink doc-biblioref doc-glossref doc-noteref
""".split())


def explicit_role(el: HtmlElement) -> str | None:
    """The first token of `role` that names a WAI-ARIA role (lower case), else None."""
    for token in (el.get("role") or "").lower().split():
        if token in ROLES:
            return "img" if token == "image" else token
    return None


def is_focusable(el: HtmlElement) -> bool:
    """Focusable by HTML's rules, as far as markup says: links and areas with href, enabled form controls, and any
    element with a `tabindex` that is an integer (-1 too: focusable by script)."""
    tag = el.tag
    tabindex = (el.get("tabindex") or "").strip()
    if tabindex.lstrip("-").isdigit():
        return True
    if tag in ("a", "area"):
        return el.get("href") is not None
    if tag in _FORM_CONTROLS or (tag == "input" and (el.get("type") or "").strip().lower() != "hidden"):
        return el.get("disabled") is None
    editable = el.get("contenteditable")
    return tag in ("iframe", "summary") or (editable is not None and editable.strip().lower() in ("", "true"))


def has_global_aria(el: HtmlElement) -> bool:
    return any(name in GLOBAL_ATTRIBUTES for name in el.attrib)


def implicit_role(el: HtmlElement) -> str | None:
    """The role HTML-AAM maps an element to (the cases the rules need), else None."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "img":
        alt = el.get("alt")
        if alt == "" and not el.get("title") and not el.get("aria-label") and not el.get("aria-labelledby"):
            return "presentation"  # HTML-AAM: an img with alt="" and no other name
        return "img"
    if tag in ("a", "area"):
        return "link" if el.get("href") is not None else None
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return "heading"
    if tag == "input":
        kind = (el.get("type") or "text").strip().lower()
        return {"image": "button", "button": "button", "submit": "button", "reset": "button",
                "checkbox": "checkbox", "radio": "radio", "range": "slider", "hidden": None}.get(kind, "textbox")
    if tag == "svg":
        return "graphics-document"
    return {"button": "button", "nav": "navigation", "main": "main", "ul": "list", "ol": "list", "li": "listitem",
            "table": "table", "p": "paragraph", "html": "document", "dialog": "dialog", "hr": "separator"}.get(tag)


def role(el: HtmlElement) -> str | None:
    """The element's role: its explicit role, unless that is presentational and void (focusable, or a global ARIA
    attribute), else its implicit role."""
    explicit = explicit_role(el)
    if explicit in PRESENTATIONAL and (is_focusable(el) or has_global_aria(el)):
        return implicit_role(el)
    return explicit or implicit_role(el)


def is_presentational(el: HtmlElement) -> bool:
    """`role="none"` / `role="presentation"` that holds: not on a focusable element, nor with a global ARIA
    attribute."""
    return explicit_role(el) in PRESENTATIONAL and not (is_focusable(el) or has_global_aria(el))


def needs_name(el: HtmlElement) -> bool:
    """Whether the element's role requires an accessible name; a focusable separator is a widget and does too."""
    current = role(el)
    return current in NAME_REQUIRED or (current == "separator" and is_focusable(el))
