"""schema.org's own examples (release 30.0) as a conformance suite for reading structured data: each example's
microdata and RDFa forms give the same items as its JSON-LD form (types, and the properties each item carries) and
draw no finding that its JSON-LD form does not, and no example page draws a false error (tests/schemaorg_examples.py
reads the file). Where the forms really differ, the example is listed with the reason, found by reading them side by
side; a term that one form never writes is the example's own difference and needs no listing."""

from __future__ import annotations

from collections import Counter

import pytest

from audits import run_page
from audits.config import AuditConfig
from audits.context import PageContext
from audits.registry import rules
from clinicaudit.page import Page
from tests.schemaorg_examples import EXAMPLES, UNTYPED, items_by_type, mentions, read_examples

pytestmark = pytest.mark.skipif(EXAMPLES is None, reason="schema.org's examples file is not here "
                                                          "(../shared/schemaorg/schemaorg-all-examples.txt)")

# Examples whose forms really differ, so that one form draws a finding the JSON-LD form does not.
FORMS_DIFFER = {
    ("#eg-3475", "microdata"): "the microdata form writes class=\"itemscope\" instead of the itemscope attribute",
    ("#eg-0029", "rdfa"): "the RDFa form declares no vocab, so its types are not schema.org's",
    ("#eg-0030", "rdfa"): "the RDFa form declares no vocab, so its types are not schema.org's",
    ("#eg-0031", "rdfa"): "the RDFa form declares no vocab, so its types are not schema.org's",
    ("#eg-0224", "rdfa"): "the RDFa form declares no vocab, so its types are not schema.org's",
    ("#eg-0254", "rdfa"): "the RDFa form writes type= instead of typeof=",
    ("#eg-0255", "rdfa"): "the RDFa form writes type= instead of typeof=",
    ("#eg-0257", "rdfa"): "the RDFa form writes type= instead of typeof=",
    ("#eg-0258", "rdfa"): "the RDFa form writes type= instead of typeof=",
    ("#eg-0306", "microdata"): "the microdata form's image is the placeholder https://.../inquisitive_artwork.png, "
                               "the JSON-LD form's a real URL",
    ("#eg-0307", "microdata"): "the microdata form's contentUrl is the placeholder http://.../Inquisitive_027.mp3, "
                               "the JSON-LD form's a real URL",
    ("#eg-0476", "microdata"): "the microdata form names the post with name, not headline, and gives no image",
}
# Examples whose microdata or RDFa form gives other items than its JSON-LD form, although both write the term:
# each checked by reading the forms side by side.
_RDFA_ITEMPROP = "the RDFa form writes this property with microdata's itemprop, which RDFa does not read"
ITEMS_DIFFER: dict[tuple[str, str], str] = {
    ("#eg-0375", "microdata"): "the microdata form gives the invoice a description (its h1); the JSON-LD form does not",
    ("#eg-0375", "rdfa"): "the RDFa form gives the invoice a description (its h1), and " + _RDFA_ITEMPROP
                          + " (paymentStatus)",
    ("#eg-0333", "rdfa"): "the JSON-LD form's third course instance has no @type",
    ("#eg-0399", "microdata"): "the microdata form's PublicationVolume has no itemid, so it is not the #periodical "
                               "item that the JSON-LD form makes it",
    ("#eg-0426", "microdata"): "the microdata form's sponsor has itemtype but no itemscope (no item), gives the event "
                               "a url, and does not name the place",
    ("#eg-0426", "rdfa"): "the RDFa form gives the event a url and does not name the place",
    ("#eg-0427", "microdata"): "the microdata form's sponsor has itemtype but no itemscope, so its url is the person's",
    ("#eg-0427", "rdfa"): "the RDFa form's sponsor has no name (\"Sky\" is the text of its url link)",
    ("#eg-0438", "rdfa"): "the RDFa form closes the item's <div> before address, geo, image, sameAs and the access "
                          "properties, which then belong to no item",
    ("#eg-0384", "rdfa"): _RDFA_ITEMPROP + " (mapType)",
    ("#eg-0007", "rdfa"): _RDFA_ITEMPROP + " (iso6523Code)",
    ("#eg-0009", "microdata"): "the microdata form's event name is the venue's (a span inside the event's url link); "
                               "the JSON-LD event has no name",
    ("#eg-0009", "rdfa"): "the RDFa form's event name is the venue's (a span inside the event's url link); the JSON-LD "
                          "event has no name",
    ("#eg-0189", "microdata"): "the microdata form gives the venue a sameAs link; the JSON-LD form does not",
    ("#eg-0189", "rdfa"): "the RDFa form gives the venue a sameAs link; the JSON-LD form does not",
    ("#eg-0190", "microdata"): "the JSON-LD form names the work performed (\"Julius Caesar\"); the microdata form "
                               "does not",
    ("#eg-0190", "rdfa"): "the JSON-LD form names the work performed (\"Julius Caesar\"); the RDFa form does not",
    ("#eg-0208", "microdata"): "the microdata form writes priceCurrency with RDFa's property=, which microdata does "
                               "not read",
    ("#eg-0372", "rdfa"): "the RDFa form's sameAs link is outside the book's <div>",
    ("#eg-0328", "microdata"): "<img itemprop=\"image\" href=…>: an img's value is its src, and it has none",
    ("#eg-0329", "microdata"): "<img itemprop=\"image\" href=…>: an img's value is its src, and it has none",
    ("#eg-0446", "rdfa"): "the RDFa form writes the interaction services as microdata items (itemscope), which RDFa "
                          "does not read",
    ("#eg-0454", "microdata"): "the microdata form gives the artwork sameAs links; the JSON-LD form gives them to no "
                               "artwork",
    ("#eg-0454", "rdfa"): "the RDFa form gives the artwork sameAs links; the JSON-LD form gives them to no artwork",
    ("#eg-0457", "microdata"): "the query is an <input>, whose microdata value is its (empty) text; the JSON-LD form "
                               "writes \"required\"",
    ("#eg-0457", "rdfa"): "the query is an empty <input>; the JSON-LD form writes \"required\"",
    ("#eg-0341", "rdfa"): _RDFA_ITEMPROP + " (datePublished)",
    ("#eg-0353", "microdata"): "the JSON-LD form's providers are untyped nodes with a name; the microdata form's are "
                               "link URLs",
    ("#eg-0353", "rdfa"): "the JSON-LD form's providers are untyped nodes with a name; the RDFa form's are link URLs",
    ("#eg-0324", "microdata"): "the microdata form names the organization (the span around its url link); the JSON-LD "
                               "form does not",
    ("#eg-0377", "microdata"): "the JSON-LD form names each crumb's item (an untyped node); the microdata form names "
                               "the ListItem",
    ("#eg-0377", "rdfa"): "the JSON-LD form's crumb items are untyped nodes; the RDFa form types them WebPage",
    ("#eg-0393", "microdata"): "the library's name is the text of the offeredBy element, which is the item, not its "
                               "name; the JSON-LD form names it",
    ("#eg-0393", "rdfa"): "the library's name is the text of the offeredBy element, which is the item, not its name; "
                          "the JSON-LD form names it",
    ("#eg-0397", "microdata"): "the microdata form writes <meta itemprop=\"appliesToDeliveryMethod\" link=…> (no "
                               "content, so no value) and puts eligibleRegion on the offer",
    ("#eg-0397", "rdfa"): "the RDFa form writes <meta property=\"appliesToDeliveryMethod\" link=…>: no content, so "
                          "no value",
    ("#eg-0441", "rdfa"): "each name is inside an <a href>, which in RDFa 1.1 starts a new subject: the names "
                          "describe the Wikipedia pages, not the places",
    ("#eg-0222", "microdata"): "the microdata form gives the condition a code; the JSON-LD form gives one to the drug "
                               "only",
    ("#eg-0222", "rdfa"): "the RDFa form gives the condition a code; the JSON-LD form gives one to the drug only",
    ("#eg-0225", "microdata"): "the JSON-LD form writes \"about\" twice, so JSON keeps only the second (the drugs) "
                               "and loses the condition; it also names the page \"beta-blocker\"",
    ("#eg-0225", "rdfa"): "the JSON-LD form writes \"about\" twice, so JSON keeps only the second (the drugs) and "
                          "loses the condition; it also names the page \"beta-blocker\"",
    ("#eg-0221", "microdata"): "the microdata form puts the issue's datePublished inside its story",
    ("#eg-0221", "rdfa"): "the RDFa form puts the issue's datePublished inside its story",
    ("#eg-0260", "microdata"): "the microdata form gives the term and the term set url links; the JSON-LD form gives "
                               "them @id",
    ("#eg-0318", "microdata"): "the JSON-LD form writes the name as {\"en\": …, \"fr\": …} (a node with "
                               "properties en and fr, not a language map); the microdata form writes names with lang",
    ("#eg-0318", "rdfa"): "the JSON-LD form writes the name as {\"en\": …, \"fr\": …} (a node with properties en "
                          "and fr, not a language map); the RDFa form writes names with lang",
    ("#4660", "microdata"): "the JSON-LD form gives the product and its property values descriptions; the microdata "
                            "form does not",
    ("#4660", "rdfa"): "the JSON-LD form gives the product and its property values descriptions; the RDFa form does "
                       "not",
}
FALSE_ERRORS = ("jsonld-syntax", "schema-unknown-type", "schema-invalid-value")
# The example pages where schema-invalid-value's warning is right: schema.org's own examples slip there.
TRUE_SLIPS = {
    ("#eg-0011", "json"): "\"url\": \"save-a-lot-monitors.com/dell-30.html\": a host without its scheme",
    ("#eg-0281", "json"): "\"url\": \"www.example.com\": a host without its scheme",
    ("#eg-0419", "json"): "\"sameAs\": \"www.imdb.com/title/tt0085750/\": a host without its scheme",
    ("#eg-0347", "json"): "\"openingHours\": \"Mo-Sa 9:00-12:00\": hours are hh:mm (09:00)",
    ("#eg-0328", "microdata"): "<img itemprop=\"image\" href=…>: an img's value is its src, and it has none",
    ("#eg-0329", "microdata"): "<img itemprop=\"image\" href=…>: an img's value is its src, and it has none",
    ("#eg-0306", "microdata"): "the placeholder https://.../inquisitive_artwork.png is no URL",
    ("#eg-0307", "microdata"): "the placeholder http://.../Inquisitive_027.mp3 is no URL",
}


@pytest.fixture(scope="module")
def findings() -> dict[tuple[str, str], list]:
    config = AuditConfig.from_config({"rules": {rid: ("on" if rule.meta.category == "structured-data" else "off")
                                                for rid, rule in rules().items()}})
    out = {}
    for example in read_examples(EXAMPLES):
        for form in example.forms:
            url, html = example.page(form)
            page = Page.parse(url, html, {"Content-Type": "text/html"}, 200)
            out[(example.id, form)] = list(run_page(PageContext(page=page, url=url, options=config.options()), config))
    return out


def test_the_examples_file_is_read(findings):
    forms = Counter(form for _, form in findings)
    assert forms["json"] > 400 and forms["microdata"] > 150 and forms["rdfa"] > 150


def test_no_example_page_draws_a_false_error(findings):
    # (warnings remain where an example really slips: `"url": "www.example.com"` has no scheme, an <img> given href)
    wrong = [(key, f.rule, f.message) for key, found in findings.items() for f in found
             if f.rule in FALSE_ERRORS and f.severity == "error"]
    assert not wrong, "\n".join(map(str, wrong))
    warned = {key for key, found in findings.items() for f in found
              if f.rule == "schema-invalid-value" and f.severity == "warning"}
    assert warned == set(TRUE_SLIPS), f"unexpected: {warned - set(TRUE_SLIPS)}; no longer: {set(TRUE_SLIPS) - warned}"


def test_microdata_and_rdfa_forms_draw_no_finding_their_json_ld_form_does_not(findings):
    extra = {}
    for (example, form), found in findings.items():
        if form == "json" or (example, "json") not in findings:
            continue
        more = Counter(f.rule for f in found) - Counter(f.rule for f in findings[(example, "json")])
        if more:
            extra[(example, form)] = dict(more)
    unexplained = {k: v for k, v in extra.items() if k not in FORMS_DIFFER}
    stale = sorted(k for k in FORMS_DIFFER if k not in extra)
    assert not unexplained, f"findings only on the microdata or RDFa form: {unexplained}"
    assert not stale, f"these forms agree now; take them off FORMS_DIFFER: {stale}"


def item_differences(example) -> dict[str, list[str]]:
    """For each microdata and RDFa form of `example`: how its items differ from its JSON-LD form's, where the form
    that lacks a term does write it somewhere (a term a form never writes is the example's own difference)."""
    url, html = example.page("json")
    json_items = items_by_type(Page.parse(url, html))
    out = {}
    for form in ("microdata", "rdfa"):
        if form not in example.forms:
            continue
        url, html = example.page(form)
        items = items_by_type(Page.parse(url, html))
        differ = []
        for name in sorted(set(json_items) | set(items)):
            if name not in items:
                if name == UNTYPED or mentions(form, example.forms[form], name):
                    differ.append(f"{name} only in JSON-LD")
            elif name not in json_items:
                if name == UNTYPED or mentions("json", example.forms["json"], name):
                    differ.append(f"{name} only in {form}")
            else:
                differ += [f"{name}.{p} only in JSON-LD" for p in sorted(json_items[name] - items[name])
                           if mentions(form, example.forms[form], p)]
                differ += [f"{name}.{p} only in {form}" for p in sorted(items[name] - json_items[name])
                           if mentions("json", example.forms["json"], p)]
        if differ:
            out[form] = differ
    return out


def test_microdata_and_rdfa_forms_give_the_items_of_their_json_ld_form():
    found = {}
    for example in read_examples(EXAMPLES):
        if "json" in example.forms:
            for form, differ in item_differences(example).items():
                found[(example.id, form)] = differ
    unexplained = {k: v for k, v in found.items() if k not in ITEMS_DIFFER and k not in FORMS_DIFFER}
    stale = sorted(k for k in ITEMS_DIFFER if k not in found)
    assert not unexplained, "\n".join(f"{k}: {v}" for k, v in unexplained.items())
    assert not stale, f"these forms give the same items now; take them off ITEMS_DIFFER: {stale}"
