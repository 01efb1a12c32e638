"""The reading rules of docs/extraction.md, on phrases of the clinic's Dry Needling page (shared/seed)."""

from __future__ import annotations

import pytest

from clinicaudit.extract.clinic import address_in, map_location, normalize_phone, phones_in, split_opening_hours
from clinicaudit.extract.phrases import trim_condition
from clinicaudit.extract.phrases import aliases_in, clean_item, parse_condition, slugify, split_name
from clinicaudit.extract.vocabulary import condition_likeness, list_cue
from clinicaudit.page import Page


def test_condition_with_examples():
    got = parse_condition("Shoulder Pain - including rotator cuff muscle tears, bursitis, adhesive capsulitis "
                          "(frozen shoulder), tendonitis, and impingement syndrome")
    assert got == {"name": "Shoulder Pain", "examples": [
        "rotator cuff muscle tears", "bursitis", "adhesive capsulitis (frozen shoulder)", "tendonitis",
        "impingement syndrome"]}


def test_condition_examples_split_on_and_or_outside_parentheses():
    got = parse_condition("Elbow Pain - including lateral epicondylitis (tennis elbow) and medial epicondylitis "
                          "(golfer's elbow)")
    assert got["examples"] == ["lateral epicondylitis (tennis elbow)", "medial epicondylitis (golfer's elbow)"]
    got = parse_condition("Knee Pain - including degenerative joint disease or osteoarthritis")
    assert got["examples"] == ["degenerative joint disease", "osteoarthritis"]
    got = parse_condition("Back Pain – such as sciatica (nerve pain, leg tingling) and disc injuries")
    assert got == {"name": "Back Pain", "examples": ["sciatica (nerve pain, leg tingling)", "disc injuries"]}


def test_condition_without_examples_keeps_its_whole_name():
    assert parse_condition("Plantar Fasciitis (Heel Pain)") == {"name": "Plantar Fasciitis (Heel Pain)",
                                                                "examples": []}
    assert parse_condition("Post-traumatic Injuries, Motor Vehicle Accidents (MVA), and Work-related Injuries") == {
        "name": "Post-traumatic Injuries, Motor Vehicle Accidents (MVA), and Work-related Injuries", "examples": []}
    assert parse_condition("Pregnancy Discomfort: e.g. swollen ankles, hip pain") == {
        "name": "Pregnancy Discomfort", "examples": ["swollen ankles", "hip pain"]}
    assert parse_condition("• Dizziness") == {"name": "Dizziness", "examples": []}


def test_aliases_from_also_known_as():
    text = ("Dry Needling is also known as intramuscular stimulation (IMS) and trigger point dry needling (TDN). "
            "It is a safe, effective, and efficient treatment used to:")
    assert aliases_in(text, ["Dry Needling"]) == ["intramuscular stimulation", "IMS", "trigger point dry needling",
                                                   "TDN"]
    assert aliases_in("Nothing here.", ["Dry Needling"]) == []


def test_alias_cue_about_something_else_is_not_an_alias():
    text = ("Dry needling involves the insertion of a needle in order to produce an involuntary spinal cord reflex, "
            "also known as a local twitch response (LTR).")
    assert aliases_in(text, ["Dry Needling"]) == []
    assert aliases_in("It is also called RMT.", ["Massage"]) == ["RMT"]


def test_name_split():
    assert split_name("Dry Needling/IMS") == ("Dry Needling", ["IMS"])
    assert split_name("Acupuncture / Dry Needling") == ("Acupuncture", ["Dry Needling"])
    assert split_name("Massage Therapy") == ("Massage Therapy", [])


def test_list_item_cleanup():
    assert clean_item("Relax myofascial trigger points, and") == "Relax myofascial trigger points"
    assert clean_item("Improves circulation.") == "Improves circulation"
    assert clean_item("• Better sleep;") == "Better sleep"


def test_slug():
    assert slugify("Dry Needling") == "dry-needling"
    assert slugify("Plantar Fasciitis (Heel Pain)") == "plantar-fasciitis-heel-pain"
    assert slugify("Physiothérapie & Rééducation") == "physiotherapie-reeducation"


def test_opening_hours_string_is_split_into_entries():
    assert split_opening_hours("Mo 08:00-19:00, Tu 08:00-19:00, ") == ["Mo 08:00-19:00", "Tu 08:00-19:00"]
    assert split_opening_hours("Mo,Tu,We 09:00-17:00") == ["Mo,Tu,We 09:00-17:00"]


@pytest.mark.parametrize("html, where", [
    # Google Maps embed code: the pb parameter holds !2d<longitude>!3d<latitude>
    ('<iframe src="https://www.google.com/maps/embed?pb=!1m18!1m12!1m3!1d2602.5!2d-113.4973!3d53.5184!2m3">'
     '</iframe>', (53.5184, -113.4973)),
    # the older embed: q=<latitude>,<longitude>, lazy-loaded
    ('<iframe data-src="https://maps.google.com/maps?q=49.2827,-123.1207&z=15&output=embed"></iframe>',
     (49.2827, -123.1207)),
    # a Squarespace map block: the marker wins over the map's centre
    ('<div class="sqs-block map-block" data-block-json=\'{"location": {"mapLat": 48.1, "mapLng": -123.1, '
     '"markerLat": 48.4346, "markerLng": -123.3431}}\'></div>', (48.4346, -123.3431)),
    ('<meta name="geo.position" content="43.5167;-79.6167">', (43.5167, -79.6167)),
    ('<meta name="ICBM" content="43.5167, -79.6167">', (43.5167, -79.6167)),
    # no coordinates: an address search, an unset (0, 0) block, out of range, not a map
    ('<iframe src="https://www.google.com/maps/embed/v1/place?q=1480+Lakeshore+Rd+W"></iframe>', None),
    ('<div class="sqs-block map-block" data-block-json=\'{"location": {"markerLat": 0, "markerLng": 0}}\'></div>',
     None),
    ('<meta name="geo.position" content="91.2;-79.6">', None),
    ('<div class="sitemap" data-block-json="not json"></div>', None),
    ('<iframe src="https://www.youtube.com/embed/x?q=1,2"></iframe>', None),
])
def test_map_location(html, where):
    page = Page.parse("https://clinic.example/contact", f"<html><head>{html}</head><body>{html}</body></html>",
                      {"Content-Type": "text/html"}, 200)
    found = map_location(page)
    assert (found and (found["latitude"], found["longitude"])) == where


@pytest.mark.parametrize("text", ["Low back pain", "Plantar fasciitis", "Headaches & migraines", "Sciatica",
                                  "Sprains and strains", "Carpal tunnel syndrome", "Gum disease", "Tooth decay"])
def test_condition_names_read_as_conditions(text):
    assert condition_likeness(text) == 1.0


@pytest.mark.parametrize("text", ["Reduce pain and stiffness", "Improved range of motion",
                                  "Pain that eases as you warm up, then returns later", "and more",
                                  "A pop felt or heard at the moment of injury", "$95 for 45 minutes"])
def test_benefits_sentences_and_prices_do_not(text):
    assert condition_likeness(text) < 0


@pytest.mark.parametrize("text", ["Ingrowing toenails", "Thickened or fungal nails", "Involuted nails"])
def test_a_part_of_the_body_with_a_participle_reads_as_a_condition_area(text):
    assert 0.5 <= condition_likeness(text) < 1.0


@pytest.mark.parametrize("text", ["Taping and strapping", "Joint mobilisation and manipulation", "Gait analysis"])
def test_therapies_read_as_something_else(text):
    assert condition_likeness(text) < 0


def _listed(body: str) -> list[str]:
    from clinicaudit.extract import listed_conditions, read_page
    page = Page.parse("https://clinic.example/nail-surgery", f"<html><body><main>{body}</main></body></html>",
                      {"Content-Type": "text/html"}, 200)
    return listed_conditions(read_page(page, page.url).as_dict()["groups"])


def test_bold_names_opening_list_items_are_the_conditions():
    assert _listed("""<h1>Nail Surgery</h1><p>Nail surgery is usually recommended for:</p><ul>
      <li><strong>Ingrowing toenails</strong> that keep coming back, despite careful cutting</li>
      <li><b>Involuted nails</b> &ndash; nails that curl in sharply at the sides</li>
      <li><strong>Thickened or fungal nails</strong> where creams have not helped</li></ul>""") == [
        "Ingrowing toenails", "Involuted nails", "Thickened or fungal nails"]


def test_a_list_of_treatments_under_a_heading_about_treating_is_not_a_conditions_list():
    assert _listed("""<h1>Physiotherapy</h1><h2>How we treat</h2><p>Depending on your problem, treatment may
      include:</p><ul><li>Joint mobilisation and manipulation</li><li>Soft tissue massage</li>
      <li>Taping and strapping</li><li>Advice on posture and lifting</li></ul>""") == []


def test_a_doubtful_lead_in_leaves_the_items_to_speak():
    assert _listed("""<h1>Pediatric Chiropractic</h1><h2>Why Families Visit</h2><p>Parents most often bring
      their children to us for:</p><ul><li>Colic</li><li>Torticollis</li><li>Scoliosis</li></ul>""") == [
        "Colic", "Torticollis", "Scoliosis"]


def test_the_longest_name_at_a_place_is_the_subject_of_an_alias_cue():
    # the menu's "Men's & Sports Health" and the h1's "Men's & Sports Health Massage" both name the service; at
    # "Sports health massage — which …" the subject is the longer one, three words from the cue
    text = ("Men's & Sports Health Massage. Sports health massage — which you may also see listed as athletic "
            "massage — keeps you training.")
    assert aliases_in(text, ["Men's & Sports Health", "Men's & Sports Health Massage"]) == ["athletic massage"]


def test_a_heading_and_a_lead_in_that_disagree_leave_the_items_to_speak():
    # "Who is it for?" suggests conditions, the lead-in's "goals" something else: neither decides, and items that
    # each name a condition make the list one
    assert sorted(_site_conditions("""<h1>Sports Physiotherapy</h1><h2>Who is it for?</h2><p>Some of the goals our
      patients reached this season:</p><ul><li>Getting back to touch rugby after a hamstring tear</li>
      <li>Staying on the court while tennis elbow settles</li><li>Plantar fasciitis</li></ul>""")) == [
        "Hamstring tear", "Plantar fasciitis", "Tennis elbow"]
    # items that name no condition stay out, whatever the heading suggests
    assert _listed("""<h1>Strength Coaching</h1><h2>Who is it for?</h2><p>Some of the goals our members reached
      this season:</p><ul><li>A first pull-up</li><li>Running a first half marathon</li>
      <li>Adding 20 kg to a deadlift</li></ul>""") == []


def test_a_body_part_alone_is_weaker_evidence():
    assert 0 < condition_likeness("Knee") < 1.0


@pytest.mark.parametrize("heading,cue", [("Conditions We Treat", 2), ("What can massage help with?", 2),
                                         ("Who is this service for?", 1), ("Benefits of Massage", -1),
                                         ("Common symptoms", -1), ("What to expect", -1), ("Our Team", -1),
                                         ("Our Approach", -1), ("Gallery", 0),
                                         ("Common conditions we treat include:", 2), ("Why families visit", 0),
                                         ("Parents most often bring their children to us for:", 0),
                                         ("How can prenatal massage help you?", 1), ("Massage helps you relax", -1),
                                         ("People come to us for", 1),
                                         ("She most often prescribes them as part of a plan for", 1)])
def test_list_cues(heading, cue):
    assert list_cue(heading) == cue


@pytest.mark.parametrize("text,alias", [
    ("Podiatry (formerly known as chiropody) looks after your feet.", "chiropody"),
    ("Physiotherapy, or physio as it is often called, helps you move.", "physio"),
    ("Our Intramuscular Stimulation (IMS) sessions are short.", "IMS"),
    ("Cupping, sometimes referred to as fire cupping, is an old practice.", "fire cupping"),
    ("Moxibustion, usually just called moxa, warms the point.", "moxa"),
])
def test_alias_forms(text, alias):
    name = text.split(" (")[0].split(",")[0].replace("Our ", "")
    assert aliases_in(text, [name]) == [alias]


@pytest.mark.parametrize("raw,region,expected", [
    ("0117 496 0123", "GB", "+44-117-496-0123"), ("(021) 555 0187", "IE", "+353-21-555-0187"),
    ("(07) 5550 1234", "AU", "+61-7-5550-1234"), ("250.555.0142", "CA", "+1-250-555-0142"),
    ("+1 (604) 555-0142", None, "+1-604-555-0142")])
def test_phone_numbers_of_every_country(raw, region, expected):
    assert normalize_phone(raw, region) == expected
    assert phones_in(f"Call us on {raw} today.", region) == [expected]


@pytest.mark.parametrize("text,name,aliases", [
    ("We offer platelet-rich plasma (PRP) injections for tendons.", "PRP Injections",
     ["Platelet-rich plasma Injections"]),
    ("Extracorporeal Shockwave Therapy (ESWT) uses sound waves.", "Shockwave Therapy",
     ["ESWT", "Extracorporeal Shockwave Therapy"]),
    ("Mechanical Diagnosis and Therapy (MDT), which you may know as the McKenzie method, is a system.",
     "Mechanical Diagnosis & Therapy", ["McKenzie method", "MDT"]),
    ("Platelet-rich plasma injections — PRP for short — put your own platelets to work.", "PRP Injections",
     ["Platelet-rich plasma Injections"]),
    ("What is Extracorporeal Shockwave Therapy (ESWT)? It sends pulses.", "Shockwave Therapy",
     ["ESWT", "Extracorporeal Shockwave Therapy"]),
    # far into a long text, and after a word longer than any real one: the words before the name are still read
    ("Sound waves reach deep tissue. " * 40 + "Extracorporeal Shockwave Therapy (ESWT) sends pulses.",
     "Shockwave Therapy", ["ESWT", "Extracorporeal Shockwave Therapy"]),
    ("x" * 300 + " Extracorporeal Shockwave Therapy (ESWT) sends pulses.", "Shockwave Therapy",
     ["ESWT", "Extracorporeal Shockwave Therapy"]),
    ("Shockwave Therapy (ESWT) first. Then Extracorporeal Shockwave Therapy (ESWT) again.", "Shockwave Therapy",
     ["ESWT", "Extracorporeal Shockwave Therapy"]),
    ("Cold laser therapy (low-level laser therapy) uses light.", "Cold Laser Therapy", ["low-level laser therapy"]),
    ("Massage Therapy (60 minutes) is our most booked service.", "Massage Therapy", []),
    ("Our Running Injury Clinic — most of our patients just call it the Run Clinic — is on Tuesdays.",
     "Running Injury Clinic", ["Run Clinic"]),
    ("Book an Appointment Root Canal Treatment (RCT) saves a tooth.", "Root Canal Treatment", ["RCT"]),
    ("Occupational Therapy Occupational Therapy (OT) helps.", "Occupational Therapy", ["OT"]),
    ("A biomechanical assessment – or gait analysis, as it is often called – is a look at how your feet, ankles "
     "and knees work.", "Biomechanical Assessment", ["gait analysis"]),
    ("Our team offers general physiotherapy – musculoskeletal physiotherapy, or what some clinics simply call MSK "
     "physio – for joint pain.", "General Physiotherapy", ["musculoskeletal physiotherapy", "MSK physio"]),
    ("Home visit physiotherapy – what the NHS often calls domiciliary physiotherapy – lets us assess.", "Home Visits",
     ["domiciliary physiotherapy"]),
    ("Our neck-related dizziness treatment, known in the research as cervicogenic dizziness rehabilitation, works.",
     "Neck-Related Dizziness", ["cervicogenic dizziness rehabilitation"]),
    ("Clear aligners are thin trays. You may know them by the brand name Invisalign, which we use.",
     "Clear Aligners", ["Invisalign"]),
    ("Our rehab programmes have clear milestones, so you know exactly when it's safe to run.", "Sports Rehab", []),
    ("Dry needling – a modern technique – is used.", "Dry Needling", []),
    ("Physiotherapy is about more. In North America it goes by physical therapy; here we say physio.", "Physiotherapy",
     ["physical therapy"]),
    ("Pelvic health physiotherapy — which you will also see written as pelvic floor physiotherapy or continence "
     "physiotherapy — looks after muscles.", "Pelvic Health Physiotherapy",
     ["pelvic floor physiotherapy", "continence physiotherapy"]),
    ("It is firm. You might remember this service from our old booking page as Sports Massage.", "Remedial Massage",
     ["Sports Massage"]),
    ("Exercise physiology — better known around the clinic simply as EP — uses exercise. Our EP programs run under "
     "the trademarked name Greywattle Strong™: small groups.", "Exercise Physiology", ["EP", "Greywattle Strong™"]),
    ("Vestibular Rehabilitation Therapy VRT is an exercise-based approach.", "Vestibular Physiotherapy",
     ["VRT", "Vestibular Rehabilitation Therapy"]),
    ("A hygiene appointment – sometimes called a scale and polish – removes tartar.", "Check-ups & Hygiene",
     ["scale and polish"]),
    ("A check-up – listed as a ‘dental examination’ on your treatment plan – takes twenty minutes.",
     "Check-ups & Hygiene", ["dental examination"]),
    ("Root canal treatment (endodontics) removes the infected pulp.", "Root Canal Treatment", ["endodontics"]),
    ("Dental implants (you may also hear them called tooth implants) replace the root.", "Dental Implants",
     ["tooth implants"]),
    ("Concussion care is billed as physiotherapy under most extended health plans.", "Concussion Care", []),
    # the acronym of another name, right after it: its initials spell it
    ("Toenail surgery – sometimes called a wedge resection, or WR – is done under local anaesthetic.",
     "Toenail Surgery", ["wedge resection", "WR"]),
    ("Cupping is sometimes called myofascial decompression — MD — by sports therapists.", "Cupping",
     ["myofascial decompression", "MD"]),
    # another name between dashes, "as it is often called", with or without "or"
    ("Dry needling – or intramuscular stimulation, as it is often called – eases trigger points.", "Dry Needling",
     ["intramuscular stimulation"]),
    ("Dry needling – intramuscular stimulation, as it is often called – eases trigger points.", "Dry Needling",
     ["intramuscular stimulation"]),
    # an acronym that does not spell the other name is not its acronym
    ("Toenail surgery – sometimes called a wedge resection, or NHS-funded care – is quick.", "Toenail Surgery",
     ["wedge resection"]),
    ("Invisalign® clear aligners are trays. Clear aligners (Invisalign® clear aligners) move teeth.", "Clear Aligners",
     ["Invisalign® clear aligners", "Invisalign"]),
])
def test_acronyms_and_longer_names(text, name, aliases):
    assert aliases_in(text, [name]) == aliases


@pytest.mark.parametrize("text,name", [
    ("people living with rheumatoid arthritis and other inflammatory joint conditions", "rheumatoid arthritis"),
    ("children who have torticollis", "torticollis"),
    ("Whiplash after a car accident", "Whiplash"),
    ("A dull, pressing ache on both sides of the head", "A dull, pressing ache on both sides of the head"),
    # a name never ends inside the brackets of its description
    ("Plantar fasciitis (a sharp pain in the heel with the first steps)", "Plantar fasciitis"),
    # a bare complaint is named by its cause; a condition is not, nor a complaint whose "cause" names nothing
    ("Swelling after a knee replacement that lasts for weeks", "Swelling after a knee replacement"),
    ("Bruising following a fall in the garden", "Bruising following a fall"),
    ("Tendinitis after a change in training", "Tendinitis"),
    ("Stiffness caused by problems in the joints", "Stiffness")])
def test_descriptions_around_a_condition_are_trimmed(text, name):
    from clinicaudit.extract.phrases import trim_condition
    assert trim_condition(text, condition_likeness) == name


def test_an_item_naming_two_conditions_with_or_is_two_conditions():
    from clinicaudit.extract import assemble, read_page
    page = Page.parse("https://clinic.example/", """<html><body><main><h1>Occupational Therapy</h1>
      <h2>Who is this service for?</h2><p>We most often work with:</p><ul>
      <li>adults after a stroke or an acquired brain injury</li><li>people with neck or back pain</li>
      <li>people living with rheumatoid arthritis</li></ul></main></body></html>""",
                      {"Content-Type": "text/html"}, 200)
    evidence = read_page(page, page.url).as_dict()
    site = assemble(lambda: iter([evidence]), {}, page.url)
    assert [c["name"] for c in site["conditions"]] == ["stroke", "acquired brain injury", "neck or back pain",
                                                       "rheumatoid arthritis"]


@pytest.mark.parametrize("sentence,names", [
    ("Priya works with many patients managing type 2 diabetes, prediabetes and high cholesterol.",
     ["type 2 diabetes", "prediabetes", "high cholesterol"]),
    ("We work with people recovering from sport concussion, whiplash and a hip fracture.",
     ["sport concussion", "whiplash", "hip fracture"]),
    ("We regularly help people with motion sickness and with mal de debarquement syndrome – that rocking "
     "feeling after a cruise.", ["motion sickness", "mal de debarquement syndrome"]),
    # an adverb after the name is not part of it
    ("Shockwave has become a favourite for plantar fasciitis too, especially among runners.", ["plantar fasciitis"]),
    # no word that names them conditions, but three names or more that say so themselves
    ("Our physiotherapists pair it with exercise for shoulder pain, bursitis, frozen shoulder and rotator cuff "
     "tendinopathy.", ["shoulder pain", "bursitis", "frozen shoulder", "rotator cuff tendinopathy"])])
def test_conditions_enumerated_in_prose(sentence, names):
    assert _listed(f"<h1>Balance clinic</h1><p>{sentence}</p>") == names


def _site(pages: dict[str, str], scoped: bool = False) -> dict:
    """The site.json content of these pages; `scoped`: read as a crawl of their origin does (links to the site are
    internal, so menus are found)."""
    from clinicaudit.extract import assemble, read_page
    from clinicaudit.urls import Scope
    evidence = []
    scope = Scope(next(iter(pages))) if scoped else None
    for url, html in pages.items():
        page = Page.parse(url, html, {"Content-Type": "text/html"}, 200, scope=scope)
        evidence.append(read_page(page, url).as_dict())
    return assemble(lambda: iter(evidence), {}, next(iter(pages)))


@pytest.mark.parametrize("shown,name", [("Millgate Physiotherapy", "Millgate Physiotherapy"),
                                        ("Another Name", "Millgate Physiotherapy Ltd")])
def test_the_clinic_trades_under_its_name_without_the_legal_form(shown, name):
    markup = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Physiotherapy", '
              '"name": "Millgate Physiotherapy Ltd", "telephone": "+44 1632 960123"}</script>')
    home = (f'<html><head><title>Home | {shown}</title><meta property="og:site_name" content="{shown}">{markup}'
            '</head><body><main><h1>Welcome</h1></main></body></html>')
    assert _site({"https://clinic.example/": home})["clinic"]["name"] == name


def test_cards_nested_in_builder_wrappers_are_read_from_the_outline():
    card = ('<div class="row"><div class="col"><div class="widget"><h3>{}</h3><p>{}</p></div></div>'
            '<div class="col"><a href="/book">How we help</a></div></div>')
    cards = "".join(card.format(name, "A short description of the problem and what we do about it.")
                    for name in ("Bleeding gums", "Dry mouth", "Sensitive teeth"))
    sections = f"<h2>Gums &amp; everyday niggles</h2>{cards}<h2>Something else bothering you?</h2><p>Ask us.</p>"
    assert _listed(f"<h1>Problems we fix</h1>{sections}") == ["Bleeding gums", "Dry mouth", "Sensitive teeth"]


def test_paragraphs_opening_with_a_bold_name_are_a_list():
    body = "".join(f"<p><strong>{n}</strong> &ndash; {d}.</p>" for n, d in (
        ("Crowding", "when there is not enough room"), ("Overbite", "where the upper teeth sit too far forward"),
        ("Crossbite", "where some upper teeth bite inside the lower teeth")))
    assert _listed(f"<h1>Invisalign</h1><h3>What Invisalign can correct</h3>{body}") == [
        "Crowding", "Overbite", "Crossbite"]


def test_a_header_module_holding_the_pages_h1_is_content_not_chrome():
    from clinicaudit.extract import read_page
    html = """<html><body><header id="main-header"><nav><a href="/">Home</a></nav></header>
      <div id="main-content"><section class="et_pb_module et_pb_fullwidth_header"><h1>Physiotherapy</h1>
      <div class="et_pb_header_content_wrapper"><p>Physiotherapy &#8211; or physical therapy, as our American friends
      call it &#8211; helps you move better.</p></div></section><div class="et_pb_text"><h2>Your first visit</h2>
      <p>An hour.</p></div></div><footer>Clinic</footer></body></html>"""
    page = Page.parse("https://clinic.example/physiotherapy/", html, {"Content-Type": "text/html"}, 200)
    evidence = read_page(page, page.url)
    assert evidence.intro.startswith("Physiotherapy – or physical therapy")
    assert "Home" not in evidence.alias_text


def test_the_first_sentence_may_name_the_service_another_way():
    site = _site({"https://clinic.example/": "<html><body><main><h1>Clinic</h1></main></body></html>",
                  "https://clinic.example/services/rmt/": """<html><head><title>Registered Massage Therapy</title>
      </head><body><nav><a href="/services/rmt/">Registered Massage Therapy</a></nav><main>
      <h1>Registered Massage Therapy</h1><p>Therapeutic massage, sometimes called clinical massage, is massage with
      a purpose: our therapists work on what is bothering you.</p><h2>Conditions we treat</h2><ul><li>Neck pain</li>
      <li>Low back pain</li></ul></main></body></html>"""})
    service = next(s for s in site["services"] if s["url"].endswith("/rmt/"))
    assert service["aliases"][:2] == ["Therapeutic massage", "clinical massage"]


def test_the_page_slug_names_the_service_for_an_alias_cue():
    """"Older adults – falls prevention, as it is often called –": the subject is the slug's name of the page
    (/services/older-adults/), not its h1; the slug itself is no alias."""
    site = _site({"https://clinic.example/": "<html><body><main><h1>Clinic</h1></main></body></html>",
                  "https://clinic.example/services/older-adults/": """<html><head><title>Physio for Seniors</title>
      </head><body><nav><a href="/services/older-adults/">Physio for Seniors</a></nav><main>
      <h1>Physio for Seniors</h1><p>Older adults – falls prevention, as it is often called – is exercise for
      balance and strength.</p><h2>Conditions we treat</h2><ul><li>Hip osteoarthritis</li><li>Osteoporosis</li>
      </ul></main></body></html>"""})
    service = next(s for s in site["services"] if s["url"].endswith("/older-adults/"))
    assert service["aliases"] == ["falls prevention"]


@pytest.mark.parametrize("text,name", [("ACL injuries, before and after surgery", "ACL injuries"),
                                       ("even a panic attack", "panic attack"),
                                       ("as well as high cholesterol", "high cholesterol"),
                                       ("Tooth decay in baby and adult teeth, treated gently", "Tooth decay in baby and adult teeth"),
                                       ("A broken or cracked tooth, especially if it is sharp", "Broken or cracked tooth"),
                                       ("A dental abscess (often with swelling of the gum)",
                                        "Dental abscess (often with swelling of the gum)"),
                                       ("A dull, pressing ache on both sides of the head",
                                        "A dull, pressing ache on both sides of the head")])
def test_dangling_words_and_openings_are_trimmed(text, name):
    from clinicaudit.extract.phrases import trim_condition
    assert trim_condition(text, condition_likeness) == name


@pytest.mark.parametrize("sentence,names", [
    ("Our doctor most often recommends a course for patients who are recovering from long COVID, and for people "
     "with chronic fatigue who have not responded to rest.", ["long COVID", "chronic fatigue"]),
    ("Jess also offers a gentler style for clients living with fibromyalgia.", ["fibromyalgia"]),
    ("Massage is not suitable for people with severe osteoporosis.", [])])
def test_one_condition_per_clause(sentence, names):
    assert _listed(f"<h1>Clinic</h1><p>{sentence}</p>") == names


@pytest.mark.parametrize("sentence,names", [
    # a condition named once in a clause, after a word that takes it, or as the subject a sentence opens with
    ("Lots of our clients come to us for frozen shoulder, and a few book in for tennis elbow.",
     ["frozen shoulder", "tennis elbow"]),
    ("Sciatica is one of the most common reasons people book a first visit.", []),  # a subject is not read so
    ("The therapist also treats a good many tension headaches in office workers.", ["tension headaches"]),
    ("It is a gentle option for dancers with stubborn hamstring tendinopathy who want to keep training.",
     ["hamstring tendinopathy"]),
    ("It is a gentle option for dancers with hamstring tendinopathy, who often cannot stretch.", []),  # "cannot"
    # a clause that warns, and prepositions followed by what is no condition
    ("Please do not book it for a spell of gout: see your doctor first.", []),
    ("Most people come for a course of six weeks with the same therapist.", []),
    ("We work closely with your family doctor from the first visit.", []),
    ("After a knee replacement, recovery takes patience.", [])])
def test_a_condition_named_in_a_clause(sentence, names):
    assert _listed(f"<h1>Clinic</h1><p>{sentence}</p>") == names


def test_everything_from_one_condition_to_another():
    assert _listed("<h1>Clinic</h1><p>We treat everything from migraines to insomnia and plantar fasciitis.</p>") == [
        "migraines", "insomnia", "plantar fasciitis"]


@pytest.mark.parametrize("text", ["staying active", "Five small changes for a happier desk day", "Benign",
                                  "Rates & Insurance", "Our rates"])
def test_words_that_head_icd_titles_but_name_nothing_here(text):
    assert condition_likeness(text) < 0.8


def test_a_lone_generic_word_is_no_condition():
    site = _site({"https://clinic.example/": """<html><body><main><h1>Clinic</h1><h2>Conditions we treat</h2>
      <table><tr><td>Condition</td><td>How we help</td></tr><tr><td>Plantar fasciitis</td><td>Shockwave</td></tr>
      <tr><td>Achilles tendinopathy</td><td>Loading</td></tr></table></main></body></html>"""})
    assert [c["name"] for c in site["conditions"]] == ["Plantar fasciitis", "Achilles tendinopathy"]


def test_blog_posts_and_their_archives_are_no_conditions():
    """A post whose title reads like a condition, the blog category it sits in and the "Recent posts" list of their
    titles give no condition; the service page's list does."""
    recent = ("<aside><h2>Recent posts</h2><ul><li><a href='https://clinic.example/hamstring-strains-in-preseason/'>"
              "Hamstring strains in preseason</a></li></ul></aside>")
    post = ("<html><head><script type='application/ld+json'>{\"@context\": \"https://schema.org\", \"@type\": "
            "\"BlogPosting\", \"headline\": \"Hamstring strains in preseason\", \"datePublished\": "
            "\"2026-02-01\", \"author\": {\"@type\": \"Person\", \"name\": \"A. Physio\"}}</script></head>"
            "<body><main><article><h1>Hamstring strains in preseason</h1><p>Posted on <time datetime='2026-02-01'>1 "
            "February 2026</time> by A. Physio</p><p>Sprints come back before the legs are ready.</p></article>"
            f"</main>{recent}</body></html>")
    site = _site({
        "https://clinic.example/sports-physio/": f"""<html><body><main><h1>Sports Physio</h1><h2>Conditions we
          treat</h2><ul><li>Ankle sprain</li><li>Calf strain</li></ul></main>{recent}</body></html>""",
        "https://clinic.example/hamstring-strains-in-preseason/": post,
        "https://clinic.example/category/hamstring-injuries/": f"""<html><body><main><h1>Hamstring injuries</h1>
          <h2><a href='https://clinic.example/hamstring-strains-in-preseason/'>Hamstring strains in preseason</a></h2>
          </main>{recent}</body></html>""",
    }, scoped=True)
    assert sorted(c["name"] for c in site["conditions"]) == ["Ankle sprain", "Calf strain"]


def test_a_post_dated_by_its_theme_without_time_markup_is_a_post():
    """A theme's "post-date" line (no <time>, no markup) and its author make a dated post, whose lists of conditions
    are no conditions the clinic treats; the same page undated is read."""
    body = """<article><h1>Your first visit</h1><div class="post-meta"><div class="post-author">Sam Reid</div>
      <div class="post-date">{date}</div></div><p>The form asks about conditions such as gout, asthma or
      epilepsy.</p><h2>Conditions we treat</h2><ul><li>Plantar fasciitis</li><li>Heel spurs</li></ul></article>"""
    assert _site_conditions(body.format(date="March 4, 2025")) == []
    assert _site_conditions(body.format(date="Spring edition")) != []


def test_labels_of_a_pages_conditions_lists_are_no_conditions():
    """Cards naming the areas ("Shoulder", "Wrist & hand") of the lists below them, each under its area's heading,
    name the groups; the lists' items are the conditions."""
    body = """<h1>What we treat</h1><h2>Conditions we treat</h2><div class="cards">
      <div class="card"><h3>Shoulder</h3></div><div class="card"><h3>Wrist &amp; hand</h3></div>
      <div class="card"><h3>Neck</h3></div></div>
      <h2>Shoulder</h2><ul><li>Frozen shoulder</li><li>Rotator cuff tendinopathy</li></ul>
      <h2>Wrist &amp; hand</h2><ul><li>Carpal tunnel syndrome</li><li>Trigger finger</li></ul>
      <h2>Neck</h2><ul><li>Whiplash</li><li>Neck pain</li></ul>"""
    assert sorted(_site_conditions(body)) == ["Carpal tunnel syndrome", "Frozen shoulder", "Neck pain",
                                              "Rotator cuff tendinopathy", "Trigger finger", "Whiplash"]


def _site_with(pages: dict[str, str], config: dict) -> dict:
    from clinicaudit.extract import assemble, read_page
    evidence = [read_page(Page.parse(url, html, {"Content-Type": "text/html"}, 200), url, config).as_dict()
                for url, html in pages.items()]
    return assemble(lambda: iter(evidence), config, next(iter(pages)))


def test_the_configuration_is_still_the_escape_hatch():
    nav = '<nav><a href="/">Home</a><a href="/alpha/">Alpha</a><a href="/beta/">Beta</a></nav>'
    pages = {
        "https://clinic.example/": f"<html><body>{nav}<main><h1>Clinic</h1></main></body></html>",
        "https://clinic.example/alpha/": f"""<html><body>{nav}<main><h1>Alpha Physiotherapy</h1><p>Hands-on
            treatment for backs.</p><h2>Conditions we treat</h2><ul><li>Low back pain</li><li>Sciatica</li></ul>
            </main></body></html>""",
        "https://clinic.example/beta/": f"""<html><body>{nav}<main><h1>Beta</h1><h2 class="name">Quorl Method</h2>
            <h3>Areas we help</h3><ul><li>Frobnia</li><li>Zentalgy</li></ul><p class="cond">Blixitude</p>
            </main></body></html>"""}
    plain = _site_with(pages, {})
    assert [s["url"] for s in plain["services"]] == ["https://clinic.example/alpha/"]
    assert {"Frobnia", "Zentalgy", "Blixitude"}.isdisjoint(c["name"] for c in plain["conditions"])
    config = {"services": {"urls": ["/beta/*"], "exclude": ["/alpha/*"], "name_selector": "h2.name"},
              "conditions": {"heading": ["areas we help"], "selector": ".cond"}}
    configured = _site_with(pages, config)
    assert [(s["url"], s["name"]) for s in configured["services"]] == [("https://clinic.example/beta/", "Quorl Method")]
    assert {"Frobnia", "Zentalgy", "Blixitude"} <= {c["name"] for c in configured["conditions"]}


def test_a_layout_that_other_service_pages_share_is_evidence():
    nav = ('<nav><a href="/">Home</a><a href="/services/">Services</a><a href="/services/a/">Acupuncture</a>'
           '<a href="/services/b/">Massage</a><a href="/services/c/">Physiotherapy</a><a href="/about/">About</a></nav>')
    service = ('<html><body>{nav}<main><section class="hero et_pb_section_{n}"><h1>{name}</h1></section>'
               '<section class="body">{text}</section><section class="cta"><a href="/book/">Book</a></section>'
               '</main></body></html>')
    pages = {"https://clinic.example/": f"<html><body>{nav}<main><h1>Clinic</h1></main></body></html>"}
    for n, (slug, name) in enumerate([("a", "Acupuncture"), ("b", "Massage"), ("c", "Physiotherapy")]):
        pages[f"https://clinic.example/services/{slug}/"] = service.format(nav=nav, n=n, name=name,
                                                                           text="<p>What it is.</p>")
    pages["https://clinic.example/about/"] = (f"<html><body>{nav}<main><div class='team'><h1>About us</h1></div>"
                                              "</main></body></html>")
    site = _site_with(pages, {})
    evidence = {s["name"]: [e["signal"] for e in s["evidence"]] for s in site["services"]}
    assert sorted(evidence) == ["Acupuncture", "Massage", "Physiotherapy"]
    assert all("skeleton" in signals for signals in evidence.values()), evidence


def _site_conditions(body: str) -> list[str]:
    from clinicaudit.extract import assemble, read_page
    page = Page.parse("https://clinic.example/", f"<html><body><main>{body}</main></body></html>",
                      {"Content-Type": "text/html"}, 200)
    evidence = read_page(page, page.url).as_dict()
    return [c["name"] for c in assemble(lambda: iter([evidence]), {}, page.url)["conditions"]]


def test_a_description_that_names_its_condition_at_the_end_gives_that_name():
    # a question for a heading says nothing; the items are descriptions, each naming its condition at its end
    assert _site_conditions("""<h1>Hand Therapy</h1><h2>Does this sound familiar?</h2><ul>
      <li>Pins and needles in your thumb and first fingers at night (carpal tunnel syndrome)</li>
      <li>Pain on the thumb side of your wrist when you lift your baby — De Quervain's tenosynovitis</li>
      <li>A painful lump on the back of your wrist that comes and goes, often a sign of a ganglion cyst</li>
      <li>A thickening in your palm that slowly bends a finger down (Dupuytren's contracture)</li>
      </ul>""") == ["carpal tunnel syndrome", "De Quervain's tenosynovitis", "ganglion cyst", "Dupuytren's contracture"]


def test_a_name_and_its_other_name_in_brackets_stay_one_name():
    from clinicaudit.extract.phrases import named_within
    assert named_within("Golfer's elbow (medial epicondylalgia)", condition_likeness) is None
    assert named_within("Swelling after an operation on your knee (post-surgical oedema)", condition_likeness) == \
        "post-surgical oedema"


def test_a_tables_column_header_speaks_for_its_column():
    body = """<h1>Podiatry</h1><h2>Where to start</h2><table><thead><tr><th>If you are dealing with…</th>
      <th>We usually suggest…</th></tr></thead><tbody>
      <tr><td>Heel pain when you first stand up</td><td>A biomechanical assessment</td></tr>
      <tr><td>An ingrown toenail or a fungal nail infection</td><td>Nail surgery</td></tr>
      <tr><td>Corns and calluses</td><td>Routine foot care</td></tr>
      <tr><td>Diabetes</td><td>An annual foot check</td></tr></tbody></table>"""
    assert _site_conditions(body) == ["Heel pain", "Ingrown toenail", "Fungal nail infection", "Corns and calluses",
                                      "Diabetes"]
    # the same rows under a column that says they are something else are not conditions
    assert _site_conditions(body.replace("If you are dealing with…", "Symptoms")) == []


def test_a_part_of_the_body_left_alone_by_trimming_is_no_condition():
    from clinicaudit.extract.phrases import trim_condition
    assert trim_condition("Gums that bleed when you brush", condition_likeness) == "Gums that bleed when you brush"
    assert trim_condition("Pelvic girdle pain while you are pregnant", condition_likeness) == "Pelvic girdle pain"


@pytest.mark.parametrize("lines, region, expected", [
    # New Zealand: no pyap parser and no hand-written pattern; Google's address data says "town 0112" ends it
    (["Harbour Sports Physio", "12 Kōwhai Street", "Mount Maunganui, Tauranga 3116", "Phone 07 555 0190"], "NZ",
     "12 Kōwhai Street, Mount Maunganui, Tauranga 3116"),
    # most of Europe writes the code before the town
    (["Physiotherapie am Park", "Gartenweg 4", "50667 Köln"], "DE", "50667 Köln"),
    # a year, opening hours or a bare number is no postal code
    (["© 2024 Harbour Sports Physio", "Open 7am – 7pm", "Level 2"], "NZ", None),
])
def test_addresses_of_other_countries(lines, region, expected):
    assert address_in(lines, region) == expected


@pytest.mark.parametrize("item, expected", [
    ("Getting back to touch rugby after a hamstring tear", "Hamstring tear"),
    ("Playing a full round of golf without lower back pain", "Lower back pain"),
    ("Staying on the court while tennis elbow settles", "Tennis elbow"),
    ("Swimming again following a rotator cuff repair", "Rotator cuff repair"),
    ("Whiplash after a car accident", "Whiplash"),  # the condition comes first: kept
    ("Osteoarthritis of the knee", "Osteoarthritis of the knee"),  # a body part is no condition of its own
    ("Running your first 10 km race", "Running your first 10 km race"),  # a goal with no condition: unchanged
    # a benefit (an instruction), not a goal: what it avoids is no condition it treats
    ("Restore mobility without surgery or injections", "Restore mobility without surgery or injections"),
])
def test_a_goal_is_named_by_the_condition_it_leads_to(item, expected):
    assert trim_condition(item, condition_likeness) == expected


def test_an_overview_of_service_pages_is_no_service_of_its_own():
    """On a treatments page, a service described in a section of its own is one; a card whose "Find out more" link
    (a link around the button's blocks) leads to a service page is that page's teaser, and a section linking to
    several service pages is an overview of them."""
    menu = ('<header><nav><ul><li><a href="/">Home</a></li><li><a href="/treatments/">Treatments</a><ul>'
            '<li><a href="/treatments/massage/">Massage Therapy</a></li>'
            '<li><a href="/treatments/acupuncture/">Acupuncture</a></li>'
            '<li><a href="/treatments/#cupping">Cupping Therapy</a></li>'
            '<li><a href="/treatments/#hot-stone">Hot Stone Massage</a></li></ul></li>'
            '<li><a href="/contact/">Contact</a></li></ul></nav></header>')

    def service(name: str, conditions: str) -> str:
        return (f"<html><head><title>{name} | Harbour Clinic</title></head><body>{menu}<main><h1>{name}</h1>"
                f"<p>{name} at Harbour Clinic is tailored to you by a registered therapist, one session at a "
                f"time.</p><h2>Conditions we treat</h2><ul>{conditions}</ul></main></body></html>")

    index = (f"<html><head><title>Treatments | Harbour Clinic</title></head><body>{menu}<main><h1>Treatments</h1>"
             "<h2>Massage Therapy</h2><p>Hands-on care for tight, sore muscles.</p>"
             '<a class="button" href="/treatments/massage/"><div>Find out more</div></a>'
             '<h2 id="cupping">Cupping Therapy</h2><p>Cupping uses gentle suction cups to lift the tissue and ease '
             "tension in the back and shoulders, and many clients add it to a massage appointment.</p><p>Each "
             "session lasts about twenty minutes and the marks it can leave fade within a few days.</p>"
             '<h2 id="hot-stone">Hot Stone Massage</h2><p>Smooth basalt stones, warmed in water, are placed along '
             "the back and used as an extension of the therapist's hands.</p><p>The heat lets the muscles soften "
             "quickly, so the massage needs less pressure to reach the deeper layers.</p>"
             "<h2>Also at Harbour Clinic</h2><p>We also offer <a href='/treatments/massage/'>massage therapy</a> "
             "and <a href='/treatments/acupuncture/'>acupuncture</a>, each with a page of its own, where you can "
             "read how a first appointment goes and what it costs.</p><p>Not sure which to book? Call the front "
             "desk and we will match you with the therapist and the appointment length that suit what you need "
             "help with.</p></main></body></html>")
    pages = {
        "https://clinic.example/": f"<html><head><title>Harbour Clinic</title></head><body>{menu}<main>"
                                   "<h1>Welcome to Harbour Clinic</h1></main></body></html>",
        "https://clinic.example/treatments/": index,
        "https://clinic.example/treatments/massage/": service("Massage Therapy", "<li>Low back pain</li>"
                                                              "<li>Tension headaches</li>"),
        "https://clinic.example/treatments/acupuncture/": service("Acupuncture", "<li>Migraines</li>"
                                                                  "<li>Plantar fasciitis</li>"),
    }
    site = _site(pages)
    assert sorted((s["name"], s["url"]) for s in site["services"]) == [
        ("Acupuncture", "https://clinic.example/treatments/acupuncture/"),
        ("Cupping Therapy", "https://clinic.example/treatments/#cupping"),
        ("Hot Stone Massage", "https://clinic.example/treatments/#hot-stone"),
        ("Massage Therapy", "https://clinic.example/treatments/massage/")]
    # the same overview as a heading over cards with a heading each (a page builder's info boxes): its links are in
    # the sections under it, and it is no "Also at Harbour Clinic" service either
    cards = ("<h2>Also at Harbour Clinic</h2><p>These treatments have their own pages with more detail about what to "
             "expect from a first appointment and what it costs.</p>"
             "<h3><a href='/treatments/massage/'>Massage therapy</a></h3><p>Hands-on care.</p>"
             "<h3><a href='/treatments/acupuncture/'>Acupuncture</a></h3><p>Fine needles.</p></main>")
    site = _site({**pages, "https://clinic.example/treatments/":
                  index[:index.index("<h2>Also at")] + cards + "</body></html>"})
    assert sorted(s["name"] for s in site["services"]) == [
        "Acupuncture", "Cupping Therapy", "Hot Stone Massage", "Massage Therapy"]


def test_a_section_of_a_service_page_that_the_menu_links_to_is_a_service():
    menu = ('<header><nav><ul><li><a href="/">Home</a></li><li><span>Care</span><ul>'
            '<li><a href="/physiotherapy/">Physiotherapy</a></li>'
            '<li><a href="/physiotherapy/#vestibular">Vestibular rehab</a></li>'
            '<li><a href="/massage/">Massage Therapy</a></li></ul></li>'
            '<li><a href="/contact/">Contact</a></li></ul></nav></header>')

    def page(title: str, main: str) -> str:
        return f"<html><head><title>{title} | Fernbank Clinic</title></head><body>{menu}<main>{main}</main></body></html>"

    physio = page("Physiotherapy", "<h1>Physiotherapy</h1><p>Assessment and treatment of joint and muscle problems, "
                  "with a home program you can keep up.</p><h2>Conditions we treat</h2><ul><li>Low back pain</li>"
                  "<li>Rotator cuff tendinopathy</li></ul>"
                  '<h2 id="vestibular">Vestibular Rehabilitation</h2><p>Exercises that retrain the balance system '
                  "after an inner-ear problem, taught by a physiotherapist with extra training in dizziness.</p>"
                  "<p>Most people need four to six visits, a week or two apart.</p>"
                  '<h2 id="book">Booking</h2><p>Book online or call the front desk.</p>')
    massage = page("Massage Therapy", "<h1>Massage Therapy</h1><p>Registered massage therapists for tight, sore "
                   "muscles.</p><h2>Conditions we treat</h2><ul><li>Tension headaches</li><li>Whiplash</li></ul>")
    site = _site({
        "https://clinic.example/": page("Home", "<h1>Welcome to Fernbank Clinic</h1>"),
        "https://clinic.example/physiotherapy/": physio,
        "https://clinic.example/massage/": massage,
        "https://clinic.example/contact/": page("Contact", "<h1>Contact us</h1><p>Call 555-0101.</p>"),
    }, scoped=True)
    found = sorted((s["name"], s["url"]) for s in site["services"])
    assert found == [("Massage Therapy", "https://clinic.example/massage/"),
                     ("Physiotherapy", "https://clinic.example/physiotherapy/"),
                     ("Vestibular Rehabilitation", "https://clinic.example/physiotherapy/#vestibular")]
    section = next(s for s in site["services"] if "#" in s["url"])
    assert [e["signal"] for e in section["evidence"]] == ["menu-section", "section-of-service-page"]


def test_a_menu_section_whose_name_leaves_doubt_is_a_service_among_services():
    """A menu link to a section whose heading the words leave in doubt ("Diabetic foot checks": a condition word
    and no therapy word) is a service when the menu lists it in a group of service pages; at the menu's top level
    it is not, and a condition's section ("Sciatica") is not, whatever its group."""
    def site_with(menu_items: str, top: str = "") -> list[str]:
        menu = ('<header><nav><ul><li><a href="/">Home</a></li><li><span>How we help</span><ul>'
                '<li><a href="/routine-care/">Routine Foot Care</a></li>'
                '<li><a href="/nail-surgery/">Nail Surgery</a></li>' + menu_items + '</ul></li>' + top +
                '<li><a href="/contact/">Contact</a></li></ul></nav></header>')

        def page(title: str, main: str) -> str:
            return (f"<html><head><title>{title} | Brookside Podiatry</title></head><body>{menu}<main>{main}</main>"
                    "</body></html>")

        routine = page("Routine Foot Care", "<h1>Routine Foot Care</h1><p>Nail cutting, corns and hard skin, every "
                       "six to ten weeks.</p><h2>Conditions we treat</h2><ul><li>Corns</li><li>Callus</li></ul>"
                       '<section id="diabetic-checks"><div><h2>Diabetic foot checks</h2><p>We test the feeling in '
                       "your feet, check the pulses and look at your skin and nails, and you leave with a written "
                       "risk rating for your doctor.</p><p>Book it on its own or with a routine visit.</p></div>"
                       '</section><section id="sciatica"><h2>Sciatica</h2><p>Pain that runs down the leg from the '
                       "lower back can change how you walk, and with it the load on your feet.</p><p>We look at "
                       "your gait and footwear.</p></section>")
        nails = page("Nail Surgery", "<h1>Nail Surgery</h1><p>Partial nail removal under local anaesthetic.</p>"
                     "<h2>Conditions we treat</h2><ul><li>Ingrown toenail</li><li>Involuted nails</li></ul>")
        site = _site({"https://clinic.example/": page("Home", "<h1>Welcome to Brookside Podiatry</h1>"),
                      "https://clinic.example/routine-care/": routine,
                      "https://clinic.example/nail-surgery/": nails,
                      "https://clinic.example/contact/": page("Contact", "<h1>Contact us</h1><p>Call 555-0102.</p>")},
                     scoped=True)
        return sorted(s["name"] for s in site["services"])

    grouped = site_with('<li><a href="/routine-care/#diabetic-checks">Diabetic foot checks</a></li>'
                        '<li><a href="/routine-care/#sciatica">Sciatica</a></li>')
    assert grouped == ["Diabetic foot checks", "Nail Surgery", "Routine Foot Care"]
    alone = site_with("", top='<li><a href="/routine-care/#diabetic-checks">Diabetic foot checks</a></li>')
    assert alone == ["Nail Surgery", "Routine Foot Care"]


def test_a_page_the_menu_lists_under_services_is_a_service_whatever_its_h1_reads_like():
    """An h1 that reads to the vocabulary as a condition's name ("Hearing Aid Repairs": repair is a head of
    surgical conditions, "ACL repair") makes a page a condition page, unless the menus list it under "Services"
    with the other services; under "Conditions" it stays a condition page."""
    def menu(group: str) -> str:
        return ('<header><nav><ul><li><a href="/">Home</a></li><li><span>Services</span><ul>'
                '<li><a href="/audiology/">Audiology</a></li><li><a href="/tinnitus-therapy/">Tinnitus Therapy</a></li>'
                + ('<li><a href="/hearing-aid-repairs/">Hearing Aid Repairs</a></li>' if group == "services" else "")
                + '</ul></li><li><span>Conditions</span><ul>'
                + ('<li><a href="/hearing-aid-repairs/">Hearing Aid Repairs</a></li>' if group == "conditions" else "")
                + '<li><a href="/contact/">Contact</a></li></ul></li></ul></nav></header>')

    def page(group: str, title: str, text: str) -> str:
        return (f"<html><head><title>{title} | Quayside Hearing</title></head><body>{menu(group)}<main><h1>{title}"
                f"</h1><p>{text}</p></main></body></html>")

    def site(group: str) -> dict:
        return _site({
            "https://hearing.example/": page(group, "Quayside Hearing", "Hearing care for the whole family."),
            "https://hearing.example/audiology/": page(group, "Audiology", "Hearing tests and fittings by a "
                                                       "registered audiologist, with results explained on the day."),
            "https://hearing.example/tinnitus-therapy/": page(group, "Tinnitus Therapy", "Sound therapy and "
                                                              "counselling to make ringing ears easier to live with."),
            "https://hearing.example/hearing-aid-repairs/": page(group, "Hearing Aid Repairs", "Bring in a "
                                                                 "whistling or silent aid and most fixes are done "
                                                                 "while you wait."),
        }, scoped=True)

    assert "Hearing Aid Repairs" in [s["name"] for s in site("services")["services"]]
    under_conditions = site("conditions")
    assert "Hearing Aid Repairs" not in [s["name"] for s in under_conditions["services"]]


def test_an_apposition_after_the_name_describes_it():
    """"Shin splints, a dull ache that …": the words after the comma describe the problem the item names; a list
    whose items run on so, under a heading that says nothing of conditions, is read from the names."""
    assert _listed("""<h1>Sports Physiotherapy</h1><h2>When should you book?</h2><ul>
      <li>Shin splints, a dull ache that builds along the inside of the shin bone as the weekly mileage climbs</li>
      <li>Achilles tendinopathy, the stiffness of the heel cord that is worst first thing in the morning</li>
      <li>Runner's knee, the pain around the kneecap that shows up on hills and stairs</li>
      <li>Hamstring strain, a sharp pull at the back of the thigh in a sprint</li></ul>""") == [
        "Shin splints", "Achilles tendinopathy", "Runner's knee", "Hamstring strain"]
    # (an enumeration is no apposition: "Pain in the neck, the shoulders or the arms" is one item's name)
    assert _listed("""<h1>Massage</h1><h2>Conditions we treat</h2><ul><li>Tension headaches</li>
      <li>Pain in the neck, the shoulders or the arms</li><li>Low back pain</li></ul>""") == [
        "Tension headaches", "Pain in the neck, the shoulders or the arms", "Low back pain"]


def test_a_cards_title_may_be_a_link_or_a_short_first_line():
    """Builders' blog-style card grids (a summary or collection list) title each card with a link or a plain
    paragraph, not a heading: the card's first short line, followed by more text, is its title."""
    card = ('<div class="grid-item"><a class="thumb" href="/{slug}"><img src="/{slug}.jpg" alt=""></a>'
            '<div class="grid-meta"><div class="grid-name"><a href="/{slug}">{name}</a></div>'
            '<div class="grid-excerpt"><p>{text}</p></div><a class="more" href="/{slug}">Learn more</a></div></div>')
    cards = "".join(card.format(slug=n.lower().replace(" ", "-"), name=n, text=t) for n, t in (
        ("Frozen shoulder", "Months of stiffness that will not shift on its own? We can speed things up."),
        ("Jaw pain", "Clicking, locking or aching when you chew, often worse after a stressful week."),
        ("Runner's knee", "A dull ache around the kneecap that builds on hills and stairs."),
        ("Heel pain", "Sharp first steps in the morning, easing as the day goes on.")))
    assert _listed(f"<h1>What we help with</h1><p>Start with what hurts.</p><div class='grid'>{cards}</div>") == [
        "Frozen shoulder", "Jaw pain", "Runner's knee", "Heel pain"]
    plain = ('<div class="tile"><p class="tile-name">{name}</p><p>{text}</p></div>')
    tiles = "".join(plain.format(name=n, text=t) for n, t in (
        ("Tennis elbow", "Pain on the outside of the elbow when you grip or lift."),
        ("Sciatica", "Pain that runs from the buttock down the back of the leg."),
        ("Whiplash", "Neck pain and stiffness after a car accident or a fall.")))
    assert _listed(f"<h1>Conditions</h1><div class='tiles'>{tiles}</div>") == ["Tennis elbow", "Sciatica", "Whiplash"]


def test_a_sidebars_panels_are_no_conditions_whatever_their_titles_read_like():
    """A run of panels whose titles are labels ("Conditions we treat", "Fees", "Visit length") is the page's
    sidebar, even when one label happens to read like a condition word."""
    panel = '<div class="side-panel"><div class="side-title">{}</div><div class="side-text">{}</div></div>'
    panels = "".join(panel.format(t, x) for t, x in (
        ("Conditions we treat", "<span class='tag'>Sciatica</span> <span class='tag'>Whiplash</span>"),
        ("Visit length", "45 minutes, the first one an hour"), ("Fees", "Covered by most extended health plans"),
        ("Parking", "Free in the lot behind the building")))
    listed = _listed(f"<h1>Spinal Physiotherapy</h1><h2>Injuries we treat</h2><p>Most backs settle with the right "
                     f"exercise.</p><div class='sidebar'>{panels}</div>")
    assert "Visit length" not in listed and "Fees" not in listed


def test_conditions_named_in_a_caution_are_not_treated():
    assert _listed("<h1>Dry needling</h1><p>We will not needle over a joint replacement, and it is not suitable for "
                   "haemophilia, epilepsy, lymphoedema or a needle phobia.</p>") == []


@pytest.mark.parametrize("sentence,names", [
    # what a person has runs on over the parts joined to the first, passing over one that names nothing
    ("We regularly see people with tension headaches, stiff necks and shoulders from long days at a desk, lower back "
     "pain, and muscle strains picked up at netball or the gym.",
     ["tension headaches", "lower back pain", "muscle strains"]),
    ("It also suits people recovering from a fall or a whiplash injury, and anyone who prefers gentle work.",
     ["whiplash injury"]),
    # a run that opens with a bare complaint describes a caseload
    ("She sees many patients with pain and headaches.", [])])
def test_what_a_person_has_runs_on_over_joined_parts(sentence, names):
    assert _listed(f"<h1>Remedial massage</h1><p>{sentence}</p>") == names


def test_a_tagline_that_opens_with_an_alias_cue_names_the_service():
    """"Sometimes called sports physio — and often …" under the h1: the other name is what follows the cue."""
    site = _site({"https://clinic.example/": "<html><body><main><h1>Clinic</h1></main></body></html>",
                  "https://clinic.example/services/sports/": """<html><head><title>Sports Physiotherapy</title>
      </head><body><nav><a href="/services/sports/">Sports Physiotherapy</a></nav><main>
      <h1>Sports Physiotherapy</h1><p>Sometimes called sports physio &mdash; and often the quickest way back to training.</p>
      <h2>Injuries we treat</h2><ul><li>Hamstring strain</li><li>Ankle sprain</li></ul></main></body></html>"""})
    service = next(s for s in site["services"] if s["url"].endswith("/sports/"))
    assert service["aliases"] == ["Sports physio"]
