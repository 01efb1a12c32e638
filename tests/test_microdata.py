"""The microdata reader against WHATWG's rules (HTML, 5.2 Microdata): values by element, itemref, itemid, <base>."""

from __future__ import annotations

from clinicaudit.page import Page
from clinicaudit.structured import extract_structured_data


def _items(body: str, head: str = "") -> list[dict]:
    page = Page.parse("https://clinic.example/team/anna", f"<html><head>{head}</head><body>{body}</body></html>",
                      {"Content-Type": "text/html"}, 200)
    return extract_structured_data(page)["microdata"]


def test_each_element_kind_gives_its_own_value():
    [item] = _items("""<div itemscope itemtype="https://schema.org/Event">
      <time itemprop="startDate">1954</time>
      <time itemprop="endDate" datetime="1954-12-31">New Year's Eve</time>
      <meta itemprop="name" content="Clinic open day">
      <a itemprop="url" href="open-day">Details</a>
      <img itemprop="image" src="/img/day.jpg" alt="">
      <data itemprop="maximumAttendeeCapacity" value="40">forty</data>
      <meter itemprop="remainingAttendeeCapacity" value="12" min="0" max="40">12 left</meter>
      <object itemprop="subjectOf" data="brochure.pdf"></object>
      <span itemprop="description">  Meet   the team  </span></div>""")
    assert item["type"] == "https://schema.org/Event"  # extruct's shape: one value alone, several in a list
    assert item["properties"] == {
        "startDate": "1954",  # a time without datetime: its text, not "empty"
        "endDate": "1954-12-31",
        "name": "Clinic open day",
        "url": "https://clinic.example/team/open-day",
        "image": "https://clinic.example/img/day.jpg",
        "maximumAttendeeCapacity": "40",
        "remainingAttendeeCapacity": "12",
        "subjectOf": "https://clinic.example/team/brochure.pdf",
        "description": "Meet the team"}


def test_urls_and_itemid_resolve_against_the_base_and_keep_their_fragment():
    [item] = _items("""<div itemscope itemtype="https://schema.org/Physician" itemid="#anna">
      <link itemprop="url" href="anna.html"></div>""", head='<base href="https://clinic.example/people/">')
    assert item["id"] == "https://clinic.example/people/#anna"
    assert item["properties"]["url"] == "https://clinic.example/people/anna.html"


def test_itemref_adds_properties_from_elsewhere_in_tree_order_and_a_loop_ends():
    items = _items("""<p id="phone"><span itemprop="telephone">+1 780 555 0100</span></p>
      <div itemscope itemtype="https://schema.org/MedicalClinic" itemref="addr phone" id="clinic">
        <span itemprop="name">Harbour Physio</span></div>
      <div id="addr" itemprop="address" itemscope itemtype="https://schema.org/PostalAddress" itemref="clinic">
        <span itemprop="streetAddress">12 Harbour Road</span></div>""")
    assert len(items) == 1
    props = items[0]["properties"]
    assert list(props) == ["telephone", "name", "address"]  # tree order, not itemref order
    address = props["address"]
    # the address's itemref names the clinic, an item: an item's subtree is never crawled for another's properties
    assert address["properties"] == {"streetAddress": "12 Harbour Road"}


def test_an_itemref_to_its_own_wrapper_ends():
    [item] = _items("""<div id="wrap"><div itemscope itemtype="https://schema.org/Person" itemref="wrap">
      <span itemprop="name">Anna</span></div><span itemprop="jobTitle">Physiotherapist</span></div>""")
    assert item["properties"] == {"name": "Anna", "jobTitle": "Physiotherapist"}


def test_nested_items_are_values_and_their_properties_stay_theirs():
    [item] = _items("""<div itemscope itemtype="https://schema.org/MedicalClinic"><span itemprop="name">Harbour</span>
      <div itemprop="founder" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Anna</span></div>
      </div>""")
    assert item["properties"]["name"] == "Harbour"
    assert item["properties"]["founder"]["properties"] == {"name": "Anna"}


def test_one_element_may_give_several_properties():
    [item] = _items("""<div itemscope itemtype="https://schema.org/Event">
      <time itemprop="startDate endDate" datetime="2026-05-01">May Day</time></div>""")
    assert item["properties"] == {"startDate": "2026-05-01", "endDate": "2026-05-01"}
