"""`clinicaudit export` (clinicaudit/export/): the migration export of an audited site, on the demo run, on the three
fixture sites crawled for real, and on hand-altered run folders full of hostile content.

Expected values are written by hand from docs/demo-site.md, the fixtures' expected.json and NOTES.md, and the demo
site's own HTML files (read here with lxml), never copied from the export's output. Round trips compare the export
with site.json, the file it is made from."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest
import yaml
from lxml import etree
from markdown_it import MarkdownIt

from audits import run_page
from audits.config import AuditConfig
from audits.context import PageContext
from audits.registry import rules
from clinicaudit import validation
from clinicaudit.config import Config
from clinicaudit.cli import demo_folder
from clinicaudit.export import FORMATS, ExportError, export, main
from clinicaudit.export.csv_export import SEPARATOR, uncell
from clinicaudit.export.jsonld_export import parse_hours
from clinicaudit.export.markdown_export import escape as md_escape
from clinicaudit.export.source import Context, ExportResult, Source, UnsafeName
from clinicaudit.output import OutputDir, OutputError
from clinicaudit.page import Page
from clinicaudit.urls import Scope
from tests.conftest import SITES, Run, run_cli

ORIGIN = "https://strathconaphysicaltherapy.com"
ALL = list(FORMATS)
WP_NS = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}

# docs/demo-site.md — Pages, Serving, Deliberate flaws.
DEMO_SERVICES = {"physiotherapy": "/physiotherapy", "dry-needling": "/dryneedling",
                 "massage-therapy": "/massage-therapy", "shockwave-therapy": "/shockwave-therapy",
                 "vestibular-rehabilitation": "/vestibular-rehabilitation"}
DEMO_SITEMAP = ["/", "/about", "/physiotherapy", "/dryneedling", "/massage-therapy", "/shockwave-therapy",
                "/vestibular-rehabilitation", "/conditions", "/contact"]

# The clinic's type in the export: demo — the home page's Yoast graph has a `Physiotherapy` clinic with geo and
# priceRange; wordpress — NOTES.md: `["Organization","Place","MedicalClinic"]` with geo and priceRange; squarespace —
# a plain `LocalBusiness` with neither; wix — no clinic markup at all (NOTES.md).
CLINIC_JSONLD = {"demo": "Physiotherapy", "wordpress": "MedicalClinic", "squarespace": "MedicalClinic",
                 "wix": "MedicalClinic"}
# What the sites that publish no geo or priceRange (in markup or, for geo, a map) get from the configuration's
# [clinic] facts instead (made up for the test: the fixture clinics are fictional).
CLINIC_FACTS = {
    "squarespace": '[clinic]\nprice_range = "$$"\n',  # geo: the contact page's map block
    "wix": '[clinic]\nlatitude = 43.6532\nlongitude = -79.3832\nprice_range = "$$$"\n',
}
# The old URLs each fixture's _redirects sends on (NOTES.md), as (old path, final path, service id of the target).
FIXTURE_REDIRECTS = {
    "wordpress": ("/services/manual-therapy/", "/treatments/manual-therapy/", "manual-therapy"),
    "squarespace": ("/physiotherapy", "/services/physiotherapy", "physiotherapy"),
    "wix": ("/pelvic-floor", "/pelvic-health/", "pelvic-health"),  # a folder: the host adds the slash
}


# -- runs ----------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export-demo-run")
    run = run_cli("demo", "--out", str(out), cwd=tmp_path_factory.mktemp("cwd"))
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def demo_export(demo_run, tmp_path_factory) -> tuple[ExportResult, Path]:
    to = tmp_path_factory.mktemp("export-demo") / "out"
    result = export(demo_run, ALL, to)
    return result, to


def _crawl_fixture(name: str):
    """A module-scoped fixture: the fixture site crawled as tests/test_sites.py does, then exported in every format."""

    @pytest.fixture(scope="module")
    def crawled(site_server, tmp_path_factory) -> tuple[str, Run, ExportResult, Path]:
        expected = json.loads((SITES / name / "expected.json").read_text(encoding="utf-8"))
        out = tmp_path_factory.mktemp(f"export-{name}-run")
        args = ["audit", site_server(name), "--out", str(out)]
        if expected.get("site_url"):
            args += ["--site-url", expected["site_url"]]
        if expected.get("config"):
            args += ["--config", str(SITES / name / expected["config"])]
        run = run_cli(*args)
        assert run.returncode == 0, run.stderr
        to = tmp_path_factory.mktemp(f"export-{name}") / "out"
        config = None
        if name in CLINIC_FACTS:
            path = tmp_path_factory.mktemp(f"export-{name}-config") / "clinicaudit.toml"
            path.write_text(CLINIC_FACTS[name], encoding="utf-8")
            config = Config.load(path)
        return name, run, export(out, ALL, to, config), to

    return crawled


fixture_site_wordpress = _crawl_fixture("wordpress")
fixture_site_squarespace = _crawl_fixture("squarespace")
fixture_site_wix = _crawl_fixture("wix")


@pytest.fixture(params=["wordpress", "squarespace", "wix"])
def fixture_site(request) -> tuple[str, Run, ExportResult, Path]:
    return request.getfixturevalue(f"fixture_site_{request.param}")


@pytest.fixture(params=["demo", "wordpress", "squarespace", "wix"])
def any_site(request) -> tuple[str, dict[str, Any], Path, Path]:
    """(name, site.json, run folder, export folder) of the demo and of each fixture site."""
    if request.param == "demo":
        run_dir, (_, to) = request.getfixturevalue("demo_run"), request.getfixturevalue("demo_export")
        return "demo", _site(run_dir), run_dir, to
    name, run, _, to = request.getfixturevalue(f"fixture_site_{request.param}")
    return name, run.site(), run.out, to


def _site(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "site.json").read_text(encoding="utf-8"))


def _csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [{k: uncell(v) for k, v in row.items()} for row in csv.DictReader(fh)]


def _split(cell: str) -> list[str]:
    return cell.split(SEPARATOR) if cell else []


def _front_matter(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    head, sep, body = text[4:].partition("\n---\n")
    assert sep, f"{path}: no closing --- line"
    return yaml.safe_load(head), body


def _structured_findings(doc: str, url: str) -> tuple[list[Any], list[Any]]:
    """The structured-data page rules on a tiny HTML page that embeds `doc` as JSON-LD (as tests/test_valid_markup.py
    runs them), and the items the page is read to hold."""
    html = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Service</title>'
            f'<script type="application/ld+json">{doc}</script></head>'
            f"<body><main><h1>Service</h1><p>Text.</p></main></body></html>")
    page = Page.parse(url, html, {"Content-Type": "text/html"}, 200, scope=Scope(url))
    structured = {rid for rid, r in rules().items() if r.meta.category == "structured-data"}
    config = AuditConfig.from_config({"rules": {rid: ("on" if rid in structured else "off") for rid in rules()}})
    ctx = PageContext(page=page, url=page.url)
    return run_page(ctx, config), ctx.entities


def _demo_meta_description(path: str) -> str | None:
    """The meta description written in the demo site's HTML file for a page."""
    name = "index" if path == "/" else path.strip("/")
    root = lxml.html.parse(str(demo_folder() / f"{name}.html")).getroot()
    found = root.xpath('//meta[@name="description"]/@content')
    return found[0] if found else None


def _files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


# -- json / jsonl ----------------------------------------------------------------------------------------------------


def test_json_export_round_trips_site_json(any_site):
    name, site, _, to = any_site
    services = json.loads((to / "services.json").read_text(encoding="utf-8"))
    conditions = json.loads((to / "conditions.json").read_text(encoding="utf-8"))
    clinic = json.loads((to / "clinic.json").read_text(encoding="utf-8"))
    assert services == site["services"] and conditions == site["conditions"] and clinic == site["clinic"]
    for record in services:
        assert validation.errors(record, "service") == []
    for record in conditions:
        assert validation.errors(record, "condition") == []
    assert validation.errors(clinic, "clinic") == []
    for stem, want in (("services", services), ("conditions", conditions), ("clinic", [clinic])):
        lines = (to / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines()
        assert [json.loads(line) for line in lines] == want, stem


def test_demo_export_has_the_demo_services_and_no_problem(demo_export):
    result, to = demo_export
    assert result.problems == []
    assert result.warnings == []
    services = {s["id"]: s for s in json.loads((to / "services.json").read_text(encoding="utf-8"))}
    assert {k: urlsplit(s["url"]).path for k, s in services.items()} == DEMO_SERVICES
    assert all(p.is_relative_to(to.resolve()) for p in result.files)
    assert {p.relative_to(to.resolve()).as_posix() for p in result.files} >= {
        "services.json", "conditions.json", "clinic.json", "services.jsonl", "conditions.jsonl", "clinic.jsonl",
        "services.csv", "conditions.csv", "service_conditions.csv", "pages.csv", "wordpress.xml", "redirects.csv",
        *(f"services/{s}.md" for s in DEMO_SERVICES), *(f"jsonld/{s}.json" for s in DEMO_SERVICES)}


def test_fixture_exports_have_no_problem(fixture_site):
    name, run, result, _ = fixture_site
    assert result.problems == [] and result.warnings == [], name
    expected = json.loads((SITES / name / "expected.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in (result.out / "services").iterdir()) == sorted(
        f"{s['id']}.md" for s in expected["services"])
    assert sorted(p.name for p in (result.out / "conditions").iterdir()) == sorted(
        f"{c['id']}.md" for c in expected["conditions"])


# -- csv -------------------------------------------------------------------------------------------------------------


def test_csv_round_trips_services_conditions_and_links(any_site):
    _, site, _, to = any_site
    services = _csv(to / "services.csv")
    assert [r["id"] for r in services] == [s["id"] for s in site["services"]]
    for row, s in zip(services, site["services"]):
        assert row["name"] == s["name"] and row["url"] == s["url"] and row["intro"] == s["intro"]
        assert row["summary"] == (s["summary"] or "")
        assert _split(row["aliases"]) == s["aliases"] and _split(row["benefits"]) == s["benefits"]
        assert _split(row["conditions"]) == s["conditions"] and json.loads(row["evidence"]) == s["evidence"]
        assert json.loads(row["sections"]) == s["sections"] and json.loads(row["images"]) == s["images"]
    conditions = _csv(to / "conditions.csv")
    assert [r["id"] for r in conditions] == [c["id"] for c in site["conditions"]]
    for row, c in zip(conditions, site["conditions"]):
        assert row["name"] == c["name"] and _split(row["examples"]) == c["examples"]
        assert _split(row["treated_by"]) == c["treated_by"] and _split(row["urls"]) == c["urls"]
    links = [(r["service_id"], r["condition_id"]) for r in _csv(to / "service_conditions.csv")]
    assert len(links) == len(set(links))
    assert set(links) == {(s["id"], c) for s in site["services"] for c in s["conditions"]}
    assert set(links) == {(sid, c["id"]) for c in site["conditions"] for sid in c["treated_by"]}


def test_pages_csv_of_the_demo(demo_export):
    _, to = demo_export
    assert (to / "pages.csv").read_bytes().startswith(
        b"url,status,redirect_target,canonical,title,meta_description,h1,word_count,inlinks,in_sitemap,indexable,"
        b"error\r\n")
    rows = {urlsplit(r["url"]).path: r for r in _csv(to / "pages.csv")}
    # the crawl's URLs, robots.txt and the sitemap files left out (docs/demo-site.md: Serving, Pages, flaws)
    assert set(rows) == {*DEMO_SITEMAP, "/ims", "/services/dry-needling", "/physio", "/hip-pain"}
    assert all(r["url"].startswith(ORIGIN + "/") for r in rows.values())
    assert {p for p, r in rows.items() if r["in_sitemap"] == "true"} == set(DEMO_SITEMAP)
    assert {p for p, r in rows.items() if r["indexable"] == "true"} == set(DEMO_SITEMAP) - {"/physiotherapy"}
    physio = rows["/physiotherapy"]
    assert (physio["status"], physio["canonical"], physio["indexable"]) == ("200", f"{ORIGIN}/physio", "false")
    for old in ("/ims", "/services/dry-needling"):  # one hop and two hops, both end at /dryneedling
        assert rows[old]["status"] == "301" and rows[old]["redirect_target"] == f"{ORIGIN}/dryneedling"
        assert rows[old]["inlinks"] == "1"  # the two stale links on /about
    assert (rows["/hip-pain"]["status"], rows["/hip-pain"]["inlinks"]) == ("404", "1")  # the /conditions link
    assert rows["/physio"]["inlinks"] == "0"  # named by a canonical only, never by a link
    assert rows["/about"]["h1"] == "About Strathcona Physical Therapy | Meet Our Team"
    assert rows["/conditions"]["title"] == "Contact Us | Strathcona Physical Therapy"
    assert rows["/massage-therapy"]["meta_description"] == ""
    assert rows["/dryneedling"]["meta_description"] == _demo_meta_description("/dryneedling")
    assert rows["/dryneedling"]["h1"] == "DRY NEEDLING/IMS"
    assert int(rows["/dryneedling"]["word_count"]) > 0
    assert all(r["redirect_target"] == "" for p, r in rows.items() if p not in ("/ims", "/services/dry-needling"))
    # every service page is linked from the menu of every 2xx page but itself
    for path in DEMO_SERVICES.values():
        assert int(rows[path]["inlinks"]) >= 8


def test_csv_cells_are_spreadsheet_safe(demo_export):
    _, to = demo_export
    for name in ("services.csv", "conditions.csv", "pages.csv", "redirects.csv", "service_conditions.csv"):
        with open(to / name, encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in row), (name, row)


# -- markdown ---------------------------------------------------------------------------------------------------------


def test_markdown_front_matter_matches_the_json(any_site):
    name, site, _, to = any_site
    for s in site["services"]:
        meta, body = _front_matter(to / "services" / f"{s['id']}.md")
        assert meta["title"] == s["name"] and meta["slug"] == s["id"] and meta["aliases"] == s["aliases"]
        assert meta["conditions"] == s["conditions"] and meta["original_url"] == s["url"]
        assert meta["images"] == [{"src": i["src"], "alt": i["alt"]} for i in s["images"]]
        headings = [line[3:] for line in body.splitlines() if line.startswith("## ")]
        for section in s["sections"]:
            assert md_escape(section["heading"]) in headings
        if s["conditions"]:
            assert headings[-1] == "Conditions treated"
    for c in site["conditions"]:
        meta, _ = _front_matter(to / "conditions" / f"{c['id']}.md")
        assert (meta["title"], meta["slug"], meta["examples"], meta["treated_by"], meta["urls"]) == (
            c["name"], c["id"], c["examples"], c["treated_by"], c["urls"])


def test_markdown_of_the_demo_dry_needling_page(demo_export):
    _, to = demo_export
    meta, body = _front_matter(to / "services" / "dry-needling.md")
    # docs/demo-site.md: the menu label "Dry Needling/IMS" and the seed's "also known as" sentence
    assert meta["title"] == "Dry Needling" and meta["original_url"] == f"{ORIGIN}/dryneedling"
    assert {"IMS", "intramuscular stimulation"} <= set(meta["aliases"])
    assert meta["meta_description"] == _demo_meta_description("/dryneedling")
    massage, _ = _front_matter(to / "services" / "massage-therapy.md")
    assert massage["meta_description"] is None  # the flaw: no meta description on /massage-therapy
    tokens = MarkdownIt("commonmark").parse(body)
    assert [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"] == [
        "Dry Needling vs. Acupuncture", "Conditions treated"]
    # the seed's two intro bullets are a list, and every condition of the page is listed with its examples
    html = MarkdownIt("commonmark").render(body)
    assert "<li>Relax myofascial trigger points</li>" in html
    assert "<li><strong>Elbow Pain</strong>: lateral epicondylitis (tennis elbow), medial epicondylitis " \
           "(golfer's elbow)</li>" in html.replace("&#x27;", "'")
    assert html.count("<img ") == 4  # its four content images


def test_markdown_escaping_renders_text_as_text():
    nasty = "*a* _b_ [x](javascript:alert(1)) <script>x</script> `c` # d &amp; e | f ~~g~~ \\ h"
    html = MarkdownIt("commonmark").render(md_escape(nasty))
    assert html == "<p>" + nasty.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>\n"
    for start in ("- item", "+ item", "1. item", "2) item", "# h", "> q", "=== x", "    code"):
        rendered = MarkdownIt("commonmark").render(md_escape(start))
        assert rendered == f"<p>{start.strip().replace('>', '&gt;')}</p>\n", start


# -- jsonld ----------------------------------------------------------------------------------------------------------


def test_jsonld_passes_the_structured_data_rules(any_site):
    name, site, _, to = any_site
    clinic_type = CLINIC_JSONLD[name]
    for s in site["services"]:
        doc = (to / "jsonld" / f"{s['id']}.json").read_text(encoding="utf-8")
        findings, items = _structured_findings(doc, s["url"])
        assert [(f.rule, f.message) for f in findings] == [], (name, s["id"])
        graph = json.loads(doc)["@graph"]
        by_type = {}
        for node in graph:
            by_type.setdefault(node["@type"], []).append(node)
        clinic = by_type[clinic_type][0]
        assert clinic["name"] == site["clinic"]["name"] and clinic["telephone"] == site["clinic"]["telephone"]
        assert "address" in clinic and clinic["openingHoursSpecification"]
        therapy = by_type["MedicalTherapy"][0]
        assert therapy["name"] == s["name"] and therapy["url"] == s["url"]
        assert therapy.get("alternateName", []) == s["aliases"]
        assert therapy.get("description") == (s["summary"] or None)
        assert [c["@id"].rsplit("#condition-", 1)[1] for c in by_type.get("MedicalCondition", [])] == s["conditions"]
        assert all(c["possibleTreatment"] == {"@id": therapy["@id"]} for c in by_type.get("MedicalCondition", []))
        crumbs = by_type.get("BreadcrumbList", [])
        assert bool(crumbs) == any(e["signal"].startswith("menu") for e in s["evidence"])
        if crumbs:
            assert [(i["position"], i["item"]) for i in crumbs[0]["itemListElement"]][-1] == (2, s["url"])
        if clinic_type == "MedicalClinic":
            assert clinic["availableService"] == {"@id": therapy["@id"]}
        assert {"MedicalTherapy", "MedicalCondition"} <= {t for e in items for t in e.types} or not s["conditions"]


def test_demo_jsonld_clinic_has_the_demo_details(demo_export):
    _, to = demo_export
    graph = json.loads((to / "jsonld" / "dry-needling.json").read_text(encoding="utf-8"))["@graph"]
    clinic = graph[0]
    # docs/demo-site.md, "Expected extraction": the home page's Physiotherapy item
    assert clinic["@type"] == "Physiotherapy" and clinic["name"] == "Strathcona Physical Therapy"
    assert clinic["address"]["streetAddress"] == "10342 82 Ave NW" and clinic["address"]["postalCode"] == "T6E 1Z8"
    assert clinic["openingHours"] == ["Mo-Fr 07:00-20:00", "Sa 09:00-15:00"]
    assert "availableService" not in clinic  # not a property of Physiotherapy in schema.org
    # every demo service is in the Services menu, so each has its breadcrumb
    assert graph[-1]["@type"] == "BreadcrumbList"
    assert [i["name"] for i in graph[-1]["itemListElement"]] == ["Home", "Dry Needling"]


@pytest.mark.parametrize("line, expected", [
    ("Mo,Tu,We,Th,Fr 07:00-20:00", ([0, 1, 2, 3, 4], "07:00", "20:00")),
    ("Sa 09:00-15:00", ([5], "09:00", "15:00")),
    ("Mon - Thu: 8:00am - 7:00pm", ([0, 1, 2, 3], "08:00", "19:00")),
    ("Monday \u2013 Friday: 7:00 AM \u2013 8:00 PM", ([0, 1, 2, 3, 4], "07:00", "20:00")),
    ("Saturday: 9:00 AM \u2013 3:00 PM", ([5], "09:00", "15:00")),
    ("Tue & Thu 9-5pm", ([1, 3], "09:00", "17:00")),
    ("Sun: Closed", "closed"),
    ("Sunday: Closed", "closed"),
    ("By appointment only", None),
    ("Mon-Fri 9-5", None),  # 09:00-05:00 cannot be what it means
    ("Holidays: 10:00-14:00", None),
])
def test_opening_hours_lines(line, expected):
    assert parse_hours(line) == expected


# -- wxr --------------------------------------------------------------------------------------------------------------


def test_wxr_parses_and_has_one_page_per_service_and_condition(any_site):
    _, site, _, to = any_site
    tree = etree.parse(str(to / "wordpress.xml"))
    rss = tree.getroot()
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    assert {k: v for k, v in rss.nsmap.items() if k} == WP_NS
    channel = rss.find("channel")
    assert channel.findtext("wp:wxr_version", namespaces=WP_NS) == "1.2"
    base = channel.findtext("wp:base_site_url", namespaces=WP_NS)
    assert base == channel.findtext("wp:base_blog_url", namespaces=WP_NS)
    assert base == (site["site"]["site_url"] or site["site"]["url"]).rstrip("/")
    items = channel.findall("item")
    records = [("service", s) for s in site["services"]] + [("condition", c) for c in site["conditions"]]
    assert len(items) == len(records)
    for item, (kind, record) in zip(items, records):
        assert item.findtext("title") == record["name"]
        assert item.findtext("wp:post_name", namespaces=WP_NS) == record["id"]
        assert item.findtext("wp:post_type", namespaces=WP_NS) == "page"
        meta = {m.findtext("wp:meta_key", namespaces=WP_NS): m.findtext("wp:meta_value", namespaces=WP_NS)
                for m in item.findall("wp:postmeta", namespaces=WP_NS)}
        assert meta["_clinicaudit_type"] == kind and meta["_clinicaudit_id"] == record["id"]
        assert meta.get("_clinicaudit_original_url") == (record["url"] if kind == "service" else None)
        content = item.findtext("content:encoded", namespaces=WP_NS)
        if kind == "service":
            html = lxml.html.fragment_fromstring(content, create_parent="div")
            h2 = [h.text_content() for h in html.iter("h2")]
            assert [h for h in h2 if h not in ("Benefits", "Conditions treated")] == [
                sec["heading"] for sec in record["sections"]]
            assert ("Conditions treated" in h2) == bool(record["conditions"])


def test_wxr_excerpt_of_the_demo(demo_export, demo_run):
    _, to = demo_export
    site = _site(demo_run)
    channel = etree.parse(str(to / "wordpress.xml")).getroot().find("channel")
    items = {i.findtext("wp:post_name", namespaces=WP_NS): i for i in channel.findall("item")}
    excerpt = {k: i.findtext("excerpt:encoded", namespaces=WP_NS) for k, i in items.items()}
    assert excerpt["dry-needling"] == _demo_meta_description("/dryneedling")
    massage = next(s for s in site["services"] if s["id"] == "massage-therapy")
    assert excerpt["massage-therapy"] == massage["summary"]  # no meta description on that page
    assert channel.findtext("title") == "Strathcona Physical Therapy"
    assert channel.findtext("wp:base_site_url", namespaces=WP_NS) == ORIGIN


# -- redirects --------------------------------------------------------------------------------------------------------


def test_redirects_of_the_demo(demo_export):
    _, to = demo_export
    rows = {urlsplit(r["old_url"]).path: r for r in _csv(to / "redirects.csv")}
    # docs/demo-site.md, Serving: /ims → /dryneedling, /services/dry-needling → /ims → /dryneedling
    for old in ("/ims", "/services/dry-needling"):
        assert rows[old] == {"old_url": ORIGIN + old, "status": "301", "suggested_new_path": "/dry-needling",
                             "final_target": f"{ORIGIN}/dryneedling", "final_status": "200"}
    # every indexable 200 page, and /physiotherapy (a service page whose canonical points elsewhere)
    assert set(rows) == {*DEMO_SITEMAP, "/ims", "/services/dry-needling"}
    for sid, path in DEMO_SERVICES.items():
        assert rows[path]["suggested_new_path"] == f"/{sid}" and rows[path]["status"] == "200"
    for path in ("/", "/about", "/conditions", "/contact"):
        assert rows[path]["suggested_new_path"] == path and rows[path]["final_target"] == ""


def test_redirects_of_the_fixture_sites(fixture_site):
    name, run, _, to = fixture_site
    old, final, sid = FIXTURE_REDIRECTS[name]
    rows = {urlsplit(r["old_url"]).path: r for r in _csv(to / "redirects.csv")}
    row = rows[old]
    assert (row["status"], urlsplit(row["final_target"]).path, row["final_status"]) == ("301", final, "200")
    assert row["suggested_new_path"] == f"/{sid}"
    assert rows[final]["suggested_new_path"] == f"/{sid}"
    expected = json.loads((SITES / name / "expected.json").read_text(encoding="utf-8"))
    for s in expected["services"]:
        assert rows[s["url_path"]]["suggested_new_path"] == f"/{s['id']}"


# -- hostile records ---------------------------------------------------------------------------------------------------

HOSTILE = 'Dry "Needling", ]]> </script><b>x</b>\nsecond line \x0b& =cmd|\' /C calc\'!A0'
HOSTILE_ALIASES = ["=HYPERLINK(\"http://evil.example\")", "'quoted", "-1+2", "@SUM(A1)", "yes", "null", "1.0",
                   "x\n---\ny: z", "a, \"b\", c", "\ttab"]


def _copy_run(src: Path, dst: Path) -> Path:
    dst.mkdir(parents=True)
    for name in ("site.json", "pages.jsonl", "run.json"):
        shutil.copy(src / name, dst / name)
    return dst


def _edit_site(folder: Path, edit) -> dict[str, Any]:
    site = _site(folder)
    edit(site)
    (folder / "site.json").write_text(json.dumps(site, ensure_ascii=False), encoding="utf-8")
    return site


@pytest.fixture
def hostile_run(demo_run, tmp_path) -> tuple[Path, dict[str, Any]]:
    folder = _copy_run(demo_run, tmp_path / "hostile-run")

    def edit(site: dict[str, Any]) -> None:
        s = next(s for s in site["services"] if s["id"] == "dry-needling")
        s["name"] = HOSTILE
        s["aliases"] = HOSTILE_ALIASES
        s["summary"] = "]]>]]]]> <![CDATA[ x ]]> \u2028 \x85 end"
        s["sections"].append({"heading": "# Not a heading </h2><script>alert(1)</script>", "text": "- a\n> b\n1. c"})
        s["images"].append({"src": "https://x.example/a b(c).jpg", "alt": "alt ] [ ) ( \" ' < >"})
        c = next(c for c in site["conditions"] if c["id"] == "elbow-pain")
        c["name"] = "Elbow </li></ul><script>x</script> pain"
        c["examples"] = ["+1", "a | b", "multi\nline"]

    return folder, _edit_site(folder, edit)


def test_hostile_record_exports_safely(hostile_run, tmp_path):
    folder, site = hostile_run
    to = tmp_path / "out"
    result = export(folder, ALL, to)
    assert result.problems == []
    # the one value that a " | " cell cannot hold is said, not hidden
    assert [(w["id"], w["format"]) for w in result.warnings] == [("elbow-pain", "csv")]
    service = next(s for s in site["services"] if s["id"] == "dry-needling")
    condition = next(c for c in site["conditions"] if c["id"] == "elbow-pain")
    # json, jsonl: exact
    assert json.loads((to / "services.json").read_text(encoding="utf-8")) == site["services"]
    lines = (to / "services.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == site["services"]
    # csv: exact, formulas neutralised
    row = next(r for r in _csv(to / "services.csv") if r["id"] == "dry-needling")
    assert row["name"] == HOSTILE and _split(row["aliases"]) == HOSTILE_ALIASES
    assert row["summary"] == service["summary"] and json.loads(row["images"]) == service["images"]
    with open(to / "services.csv", encoding="utf-8", newline="") as fh:
        raw = next(r for r in csv.reader(fh) if r[0] == "dry-needling")
    assert raw[2].startswith("'=HYPERLINK")
    # markdown: front matter exact, no raw HTML in the rendered body
    meta, body = _front_matter(to / "services" / "dry-needling.md")
    assert meta["title"] == HOSTILE and meta["aliases"] == HOSTILE_ALIASES
    assert meta["images"][-1] == {"src": "https://x.example/a b(c).jpg", "alt": "alt ] [ ) ( \" ' < >"}
    rendered = MarkdownIt("commonmark").render(body)
    assert "<script" not in rendered and "<b>" not in rendered and "</h2><" not in rendered
    assert '<img src="https://x.example/a%20b%28c%29.jpg" alt="alt ] [ ) ( &quot; \' &lt; &gt;" />' in rendered
    meta, _ = _front_matter(to / "conditions" / "elbow-pain.md")
    assert meta["title"] == condition["name"] and meta["examples"] == condition["examples"]
    # jsonld: the text cannot end its script element, reads back exactly, and still passes the rules
    doc = (to / "jsonld" / "dry-needling.json").read_text(encoding="utf-8")
    assert "</script>" not in doc and "<" not in doc and "\u2028" not in doc
    therapy = next(n for n in json.loads(doc)["@graph"] if n["@type"] == "MedicalTherapy")
    assert therapy["name"] == HOSTILE and therapy["alternateName"] == HOSTILE_ALIASES
    findings, items = _structured_findings(doc, service["url"])
    assert findings == []
    parsed = [e for e in items if "MedicalTherapy" in e.types][0]
    assert parsed.first("name") == HOSTILE
    # wxr: well-formed, the text kept (less what XML cannot hold), HTML escaped inside
    tree = etree.parse(str(to / "wordpress.xml"))
    item = next(i for i in tree.getroot().iter("item")
                if i.findtext("wp:post_name", namespaces=WP_NS) == "dry-needling")
    assert item.findtext("title") == HOSTILE.replace("\x0b", "")
    assert item.findtext("excerpt:encoded", namespaces=WP_NS) == _demo_meta_description("/dryneedling")
    raw = (to / "wordpress.xml").read_text(encoding="utf-8")
    assert "<![CDATA[Dry \"Needling\", ]]]]><![CDATA[> </script>" in raw  # the title's ]]> across two sections
    content = item.findtext("content:encoded", namespaces=WP_NS)
    assert "<script" not in content and "&lt;/h2&gt;&lt;script&gt;" in content
    html = lxml.html.fragment_fromstring(content, create_parent="div")
    assert html.xpath("string(p[1])") == service["summary"]
    assert html.xpath("//script") == [] and [img.get("src") for img in html.iter("img")][-1] == \
        "https://x.example/a b(c).jpg"
    cond = next(i for i in tree.getroot().iter("item") if i.findtext("wp:post_name", namespaces=WP_NS) == "elbow-pain")
    assert cond.findtext("title") == condition["name"]


def test_unsafe_slugs_never_write_outside_the_output_folder(demo_run, tmp_path):
    folder = _copy_run(demo_run, tmp_path / "run")

    def edit(site: dict[str, Any]) -> None:
        site["services"][0]["id"] = "../../etc"
        site["services"][1]["id"] = "/tmp/abs"
        site["conditions"][0]["id"] = ".."
        site["services"].append(dict(site["services"][2]))  # a duplicate id

    site = _edit_site(folder, edit)
    to = tmp_path / "a" / "b" / "out"
    before = _files_under(tmp_path)
    code = main([str(folder), "--to", str(to)])
    assert code == 3
    written = _files_under(tmp_path) - before
    assert written and all(p.resolve().is_relative_to(to.resolve()) for p in written)
    assert not (tmp_path / "a" / "etc").exists() and not (tmp_path / "etc").exists()
    result = export(folder, ALL, tmp_path / "again")
    bad = {(p["id"], p["format"]) for p in result.problems}
    for fmt in ALL:
        assert ("../../etc", fmt) in bad and ("/tmp/abs", fmt) in bad, fmt
    for fmt in ("json", "jsonl", "csv", "markdown", "jsonld", "wxr"):
        assert ("..", fmt) in bad, fmt
    dup = site["services"][2]["id"]
    assert {(dup, "markdown"), (dup, "jsonld"), (dup, "wxr")} <= bad
    assert all(p["reason"] for p in result.problems)
    # the records that could be exported still were
    assert (tmp_path / "again" / "services" / f"{site['services'][2]['id']}.md").is_file()
    # and the guards themselves
    ctx = Context(source=Source(folder), out=OutputDir(tmp_path / "guard"), result=ExportResult(out=tmp_path))
    for unsafe in ("../../etc", "..", "a/b", "A", "a.md", "", "a--b", "-a"):
        with pytest.raises(UnsafeName):
            ctx.file_for("services", unsafe, ".md")
    with pytest.raises(OutputError):
        ctx.write_text("../escape.txt", "x")


# -- the command ------------------------------------------------------------------------------------------------------


def test_main_exit_codes_and_summary(demo_run, tmp_path, capsys):
    assert main([str(demo_run), "--format", "json", "--format", "csv", "--to", str(tmp_path / "ok")]) == 0
    out = capsys.readouterr().out
    assert "services.json" in out and "pages.csv" in out and "0 problems" in out
    assert not (tmp_path / "ok" / "wordpress.xml").exists()
    assert main([str(tmp_path / "missing"), "--to", str(tmp_path / "x")]) == 2
    assert "no such folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main([str(tmp_path / "empty"), "--to", str(tmp_path / "x")]) == 2
    assert "site.json" in capsys.readouterr().err
    assert main([str(demo_run), "--format", "pdf", "--to", str(tmp_path / "x")]) == 2
    assert main([str(demo_run)]) == 2  # --to is required
    assert main(["--help"]) == 0
    with pytest.raises(ExportError):
        export(demo_run, ["pdf"], tmp_path / "x")


def test_run_folder_without_pages(demo_run, tmp_path):
    folder = tmp_path / "site-only"
    folder.mkdir()
    shutil.copy(demo_run / "site.json", folder / "site.json")
    with pytest.raises(ExportError, match="pages.jsonl"):
        export(folder, ["redirects"], tmp_path / "out")
    result = export(folder, ["json", "markdown", "jsonld", "wxr", "csv"], tmp_path / "out")
    assert result.problems == [] and not (tmp_path / "out" / "pages.csv").exists()
    assert (tmp_path / "out" / "services" / "dry-needling.md").is_file()
    graph = json.loads((tmp_path / "out" / "jsonld" / "dry-needling.json").read_text(encoding="utf-8"))["@graph"]
    assert graph[0]["@type"] == "MedicalClinic"  # the clinic's markup type is unknown without pages.jsonl


def test_a_clinic_without_an_address_is_no_local_business(demo_run, tmp_path):
    folder = _copy_run(demo_run, tmp_path / "run")

    def edit(site: dict[str, Any]) -> None:
        site["clinic"]["address"] = None
        site["clinic"]["opening_hours"] = ["Mon-Fri: 9am-5pm", "Whenever we feel like it"]

    site = _edit_site(folder, edit)
    result = export(folder, ["jsonld"], tmp_path / "out")
    assert result.problems == []
    assert any("Whenever" in w["reason"] for w in result.warnings)
    assert any("MedicalOrganization" in w["reason"] for w in result.warnings)
    for s in site["services"]:
        doc = (tmp_path / "out" / "jsonld" / f"{s['id']}.json").read_text(encoding="utf-8")
        findings, _ = _structured_findings(doc, s["url"])
        assert findings == [], s["id"]
        assert json.loads(doc)["@graph"][0]["@type"] == "MedicalOrganization"


def test_clinicaudit_export_command(demo_run, tmp_path):
    """Through the installed `clinicaudit` command, once cli.py routes `export` to clinicaudit.export.main."""
    probe = run_cli("export", "--help")
    assert probe.returncode == 0 and "--config" in probe.stdout, probe.stderr
    run = run_cli("export", str(demo_run), "--format", "json", "--to", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    assert json.loads((tmp_path / "out" / "services.json").read_text(encoding="utf-8")) == _site(demo_run)["services"]


def test_clinic_facts_the_site_does_not_publish_come_from_the_configuration(fixture_site_squarespace, tmp_path):
    """The Squarespace clinic's markup has no geo and no priceRange; its contact page's map block has the location
    (NOTES.md). The export takes geo from the map, says which configuration key would add the price range, and the
    configuration's facts win over the site's."""
    _, run, _, _ = fixture_site_squarespace
    bare = run_cli("export", str(run.out), "--format", "jsonld", "--to", str(tmp_path / "bare"), cwd=tmp_path)
    assert bare.returncode == 0, bare.stderr
    assert ("warning: jsonld: clinic clinic: the site publishes no priceRange for the clinic, which Google "
            "recommends for a local business: set clinic.price_range in the configuration to add it") in bare.stderr
    clinic = json.loads((tmp_path / "bare" / "jsonld" / "physiotherapy.json").read_text(encoding="utf-8"))["@graph"][0]
    assert clinic["geo"] == {"@type": "GeoCoordinates", "latitude": 48.4346, "longitude": -123.3431}
    assert "priceRange" not in clinic  # nothing invented
    config = tmp_path / "site.toml"
    config.write_text('[clinic]\nlatitude = 51.0447\nlongitude = -114.0719\nprice_range = "$$"\n', encoding="utf-8")
    full = run_cli("export", str(run.out), "--format", "jsonld", "--to", str(tmp_path / "full"),
                   "--config", str(config), cwd=tmp_path)
    assert full.returncode == 0 and "warning" not in full.stderr, full.stderr
    clinic = json.loads((tmp_path / "full" / "jsonld" / "physiotherapy.json").read_text(encoding="utf-8"))["@graph"][0]
    assert clinic["geo"] == {"@type": "GeoCoordinates", "latitude": 51.0447, "longitude": -114.0719}
    assert clinic["priceRange"] == "$$"
    config.write_text("[clinic]\nlatitude = 123\n", encoding="utf-8")
    bad = run_cli("export", str(run.out), "--to", str(tmp_path / "bad"), "--config", str(config), cwd=tmp_path)
    assert bad.returncode == 2 and "clinic.latitude must be between -90 and 90" in bad.stderr
    assert not (tmp_path / "bad").exists()
