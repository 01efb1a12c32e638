"""The bundled demo site: its Dry Needling page carries exactly the seed's text, and `clinicaudit demo` extracts
the service as the seed describes it. Expected values are copied from shared/seed/dryneedling.txt by hand."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from clinicaudit.cli import demo_folder
from tests.conftest import REPO, Run, run_cli

# The customer's seed text, vendored in tests/fixtures/seed (and normally also in shared/ beside the repository).
SEED_CANDIDATES = [REPO / "tests" / "fixtures" / "seed" / "dryneedling.txt",
                   REPO.parent / "shared" / "seed" / "dryneedling.txt"]

DRY_NEEDLING_CONDITIONS = [
    ("Head and Neck Pain", ["whiplash", "headaches/migraines", "degenerative joint disease",
                            "degenerative disk disease", "osteoarthritis"]),
    ("Otological (Ear) and Ophthalmological (Eye) Pain", ["tinnitus", "eye strain"]),
    ("Dental (Teeth) and Orthodontic (Jaw and Occlusal) Pain", [
        "cavities", "temporomandibular joint (TMJ) dysfunction", "tooth impaction", "root problems"]),
    ("Shoulder Pain", ["rotator cuff muscle tears", "bursitis", "adhesive capsulitis (frozen shoulder)", "tendonitis",
                       "impingement syndrome"]),
    ("Elbow Pain", ["lateral epicondylitis (tennis elbow)", "medial epicondylitis (golfer's elbow)"]),
    ("Hand and Wrist Pain", ["gamekeeper's thumb", "DeQuervain's syndrome", "carpal tunnel syndrome",
                             "degenerative joint disease", "osteoarthritis"]),
    ("Back and Hip Pain", ["lumbar degenerative disc disease", "arthritic changes", "herniated discs"]),
    ("Knee Pain", ["degenerative joint disease", "osteoarthritis"]),
    ("Shin / Ankle / Foot Pain", ["shin splints", "gout", "metatarsalgia", "Morton's neuroma"]),
    ("Plantar Fasciitis (Heel Pain)", []),
    ("Acute and Chronic Tendonitis", []),
    ("Athletic and Sports-related Overuse Injuries", []),
    ("Post-surgical Pain", []),
    ("Post-traumatic Injuries, Motor Vehicle Accidents (MVA), and Work-related Injuries", []),
    ("Other Chronic Pain Conditions", ["myofascial pain", "myofascial pain syndrome (MPS)"]),
]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def seed_lines() -> list[str]:
    seed = next((p for p in SEED_CANDIDATES if p.is_file()), None)
    assert seed is not None, "the seed text is missing"
    lines = []
    for line in seed.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        line = _norm(line.replace("•", ""))
        if line:
            lines.append(line)
    return lines


def test_demo_page_has_exactly_the_seed_text():
    """Visible text and image alts of the page's main content, read with BeautifulSoup, equal the seed."""
    soup = BeautifulSoup((demo_folder() / "dryneedling.html").read_text(encoding="utf-8"), "lxml")
    main = soup.find("main")
    for hidden in main.find_all(["noscript", "script", "style"]):
        hidden.decompose()
    pieces = []
    for node in main.descendants:
        if getattr(node, "name", None) == "img":
            pieces.append(node.get("alt", ""))
        elif isinstance(node, str) and _norm(node):
            pieces.append(_norm(node))
    assert _norm(" ".join(pieces)) == _norm(" ".join(seed_lines()))


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Run:
    out = tmp_path_factory.mktemp("demo")
    run = run_cli("demo", "--out", str(out))
    assert run.returncode == 0, run.stderr
    return run


def dry_needling(run: Run) -> dict:
    return next(s for s in run.site()["services"] if s["id"] == "dry-needling")


def test_demo_dry_needling_service(demo):
    service = dry_needling(demo)
    assert service["name"] == "Dry Needling"
    assert service["url"] == "https://strathconaphysicaltherapy.com/dryneedling"
    assert service["aliases"] == ["IMS", "intramuscular stimulation", "trigger point dry needling", "TDN"]
    assert service["benefits"] == [
        "Relax myofascial trigger points",
        "Restore normal muscle tones, muscle length, coordination, function, and strength",
    ]
    assert service["summary"].startswith("Dry Needling is also known as intramuscular stimulation (IMS)")
    assert "local twitch response (LTR)" in service["intro"]
    comparison = [s for s in service["sections"] if s["heading"] == "Dry Needling vs. Acupuncture"]
    assert len(comparison) == 1
    assert comparison[0]["text"].startswith("Dry needling is similar to acupuncture in the sense that")
    assert comparison[0]["text"].endswith("achieve pain relief and alleviate inflammation.")
    assert [i["alt"] for i in service["images"]] == [
        "Person receiving IMS/Dry Needling therapy with electrodes on neck.",
        "Close-up of a person's abdomen with IMS/Dry Needling therapy with electrodes.",
        "Close-up of a hand with IMS/ Dry needling inserted into the skin.",
        "Dry Needling session with practitioner inserting needle into patient's shoulder",
    ]
    # The clinic-wide icon boxes are selling points, not service sections.
    assert "Assessment & Diagnosis" not in {s["heading"] for s in service["sections"]}


def test_demo_dry_needling_conditions_in_order_with_examples(demo):
    site = demo.site()
    service = dry_needling(demo)
    conditions = {c["id"]: c for c in site["conditions"]}
    own = service["conditions"][: len(DRY_NEEDLING_CONDITIONS)]
    assert [conditions[cid]["name"] for cid in own] == [name for name, _ in DRY_NEEDLING_CONDITIONS]
    for cid, (name, examples) in zip(own, DRY_NEEDLING_CONDITIONS):
        condition = conditions[cid]
        assert "dry-needling" in condition["treated_by"]
        assert service["url"] in condition["urls"]
        # Merged with other pages' examples of the same condition (pages in menu order): all of the seed's are there.
        assert set(examples) <= set(condition["examples"]), name


def test_demo_conditions_merge_across_services(demo):
    conditions = {c["id"]: c for c in demo.site()["conditions"]}
    shoulder = conditions["shoulder-pain"]
    assert {"dry-needling", "physiotherapy", "massage-therapy"} <= set(shoulder["treated_by"])
    assert len(shoulder["urls"]) >= 3


def test_demo_clinic(demo):
    clinic = demo.site()["clinic"]
    assert clinic["name"] == "Strathcona Physical Therapy"
    assert [p["title"] for p in clinic["selling_points"]] == [
        "Assessment & Diagnosis", "Personalized Therapy Plans", "Innovative Treatments", "Evidence-Based Excellence",
        "Caring Therapists", "Why Choose Us!", "Insurance covered"]
    assert clinic["insurance"] == ("At Strathcona Physical Therapy, we work with most insurance providers for "
                                   "accessible care.")
    assert clinic["telephone"] and clinic["address"]["postal_code"] == "T6E 1Z8"
    # docs/demo-site.md: the Yoast graph's GeoCoordinates
    assert clinic["geo"] == {"latitude": 53.5184, "longitude": -113.4973} and clinic["sources"]["geo"] == "json-ld"


def test_demo_redirect_chain_is_recorded_hop_by_hop(demo):
    """/services/dry-needling → /ims → /dryneedling: each URL has one record, and the hops link up."""
    by_url = {p["public_url"]: p for p in demo.pages()}
    url = "https://strathconaphysicaltherapy.com/services/dry-needling"
    hops = []
    while by_url[url]["redirect_to"]:
        hops.append(by_url[url]["status"])
        url = demo_public(by_url[url]["redirect_to"], by_url)
    assert hops == [301, 301]
    assert url == "https://strathconaphysicaltherapy.com/dryneedling" and by_url[url]["status"] == 200


def demo_public(fetched_url: str, by_url: dict) -> str:
    return next(p["public_url"] for p in by_url.values() if p["url"] == fetched_url)


def test_demo_sitemaps_are_read(demo):
    pages = demo.pages()
    files = sorted(p["public_url"] for p in pages if p["discovered_via"] == "sitemap-file")
    assert files == ["https://strathconaphysicaltherapy.com/page-sitemap.xml",
                     "https://strathconaphysicaltherapy.com/sitemap.xml",
                     "https://strathconaphysicaltherapy.com/sitemap_index.xml"]
    assert all(p["public_url"].startswith("https://strathconaphysicaltherapy.com/") for p in pages)


def test_demo_benefits_lists_are_no_conditions(demo):
    # the shockwave page's "Shockwave therapy can…" list says what the treatment does (docs/demo-site.md); one of
    # its items mentions what it avoids ("without surgery or injections"), which is no condition either
    names = {c["name"].lower() for c in demo.site()["conditions"]}
    for benefit in ("increase blood flow and tissue regeneration", "break down calcium deposits in tendons",
                    "injections", "surgery or injections", "reduce chronic pain"):
        assert benefit not in names
