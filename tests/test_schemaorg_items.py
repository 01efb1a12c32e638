"""Reading schema.org items from JSON-LD and RDFa: schema.org's keyword aliases, `@reverse`, and RDFa items that
refer to each other (each found while checking schema.org's examples form against form)."""

from __future__ import annotations

import json

from clinicaudit.page import Page
from clinicaudit.schemaorg import entities


def _entities(body: str) -> list:
    page = Page.parse("https://clinic.example/", f"<html><head></head><body>{body}</body></html>",
                      {"Content-Type": "text/html"}, 200)
    return entities(page.structured_data)


def _jsonld(value: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(value)}</script>'


def test_type_and_id_are_keywords_under_schema_orgs_context():
    # schema.org's context maps "type" to @type and "id" to @id; its own Audiobook example writes them so
    found = _entities(_jsonld({"@context": "https://schema.org/", "type": "Physiotherapy", "id": "#clinic",
                               "name": "Valley Physio",
                               "address": {"type": "PostalAddress", "addressLocality": "Edmonton"}}))
    assert [(e.types, e.id) for e in found] == [(["Physiotherapy"], "#clinic"), (["PostalAddress"], None)]
    assert "type" not in found[0].props


def test_type_stays_a_property_without_schema_orgs_context_or_when_the_context_redefines_it():
    plain = _entities(_jsonld({"@context": {"@vocab": "http://example.org/"}, "type": "x", "name": "A"}))
    assert plain[0].types == [] and plain[0].props["type"] == ["x"]
    redefined = _entities(_jsonld({"@context": ["https://schema.org", {"type": "http://example.org/kind"}],
                                   "@type": "Dentist", "type": "family"}))
    assert redefined[0].types == ["Dentist"] and redefined[0].props["type"] == ["family"]


def test_reverse_properties_point_the_listed_items_at_this_one():
    found = _entities(_jsonld({"@context": "https://schema.org", "@type": "MedicalCondition", "@id": "#sciatica",
                               "name": "Sciatica",
                               "@reverse": {"possibleTreatment": [{"@type": "MedicalTherapy", "name": "Dry needling"}]
                                            }}))
    condition, therapy = found
    assert therapy.types == ["MedicalTherapy"] and therapy.props["possibleTreatment"] == [condition]


def test_rdfa_items_that_all_refer_to_each_other_are_all_read():
    # a series and its volumes point at each other, and at an author that points at nothing: no item is unreferenced
    found = _entities("""<div vocab="https://schema.org/">
      <p typeof="Book" resource="#series"><span property="name">Series</span>
        <span property="author" typeof="Person" resource="#author"><span property="name">A. Author</span></span>
        <link property="hasPart" href="#v1"><link property="hasPart" href="#v2"></p>
      <p typeof="Book" resource="#v1"><span property="name">One</span><link property="isPartOf" href="#series">
        <link property="author" href="#author"></p>
      <p typeof="Book" resource="#v2"><span property="name">Two</span><link property="isPartOf" href="#series">
        <link property="author" href="#author"></p></div>""")
    assert sorted(e.text("name") for e in found) == ["A. Author", "One", "Series", "Two"]
