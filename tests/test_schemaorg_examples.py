"""schema.org's own examples (release 30.0) as a conformance suite for reading structured data: each example's
microdata and RDFa forms draw no finding that its JSON-LD form does not, and no example page draws a false error
(tests/schemaorg_examples.py reads the file)."""

from __future__ import annotations

from collections import Counter

import pytest

from audits import run_page
from audits.config import AuditConfig
from audits.context import PageContext
from audits.registry import rules
from clinicaudit.page import Page
from tests.schemaorg_examples import EXAMPLES, read_examples

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
