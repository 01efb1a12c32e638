"""What a page record holds, from real crawls: structured data of every syntax, lazy images, broken pages."""

from __future__ import annotations

import pytest

from tests.conftest import Run, run_cli


@pytest.fixture(scope="module")
def crawl(behaviour_server, tmp_path_factory) -> Run:
    base, _, _ = behaviour_server
    return run_cli("audit", base + "/", "--out", str(tmp_path_factory.mktemp("records")), "--max-depth", "1")


def test_structured_data_of_every_syntax(crawl):
    data = crawl.page("/markup")["html"]["structured_data"]
    graph = data["json-ld"][0]["@graph"]
    assert [node["@type"] for node in graph] == ["Physiotherapy", "MedicalTherapy"]
    assert len(data["json-ld"]) == 1  # the broken script adds nothing, and hides nothing
    assert [e["syntax"] for e in data["errors"]] == ["json-ld"]
    error = data["errors"][0]
    assert error["index"] == 1 and error["line"] == 6 and error["column"] is not None
    assert data["microdata"][0]["type"] == "https://schema.org/MedicalCondition"
    assert data["microdata"][0]["properties"]["name"] == "Tennis Elbow"
    rdfa_types = [t for node in data["rdfa"] for t in node.get("@type", [])]
    assert "https://schema.org/MedicalClinic" in rdfa_types
    og = dict(data["opengraph"][0]["properties"])
    assert og["og:title"] == "Markup page"


def test_lazy_images_resolved_once(crawl):
    images = crawl.page("/markup")["html"]["images"]
    srcs = [i["src"].rsplit("/", 1)[-1] for i in images]
    assert srcs == ["lazy.jpg", "small.jpg", "linked.png"]  # the noscript fallback is not a second image
    lazy, srcset, linked = images
    assert lazy["lazy"] is True and lazy["alt"] == "Lazy" and lazy["alt_state"] == "present"
    assert srcset["alt_state"] == "empty" and srcset["alt"] == ""
    assert linked["in_link"] is True and lazy["in_link"] is False


def test_broken_pages_are_recorded_not_fatal(crawl):
    empty = crawl.page("/empty")
    assert empty["status"] == 200 and empty["html"]["parse_error"] == "the document is empty"
    nulls = crawl.page("/nulls")
    assert nulls["html"]["parse_error"] == "the document contains null bytes" and nulls["html"]["title"] == "Nulls"
    latin1 = crawl.page("/latin1")
    assert latin1["html"]["title"] == "Café Physiothérapie"
    assert latin1["html"]["headings"] == [{"level": 1, "text": "Rééducation"}]
    early = crawl.page("/early-end")  # content after </html> is read, as browsers do, its link too
    assert early["html"]["title"] == "Early end"
    assert [link["href"].rsplit("/", 1)[1] for link in early["html"]["links"]] == ["after-the-end"]
    untyped = crawl.page("/no-type")  # no Content-Type: sniffed as HTML
    assert untyped["content_type"] is None and untyped["is_html"] and untyped["html"]["title"] == "No type"
    assert "Traceback" not in crawl.stderr


def test_markup_conditions_become_conditions(crawl):
    conditions = {c["name"]: c for c in crawl.site()["conditions"]}
    assert "Tennis Elbow" in conditions
    assert conditions["Tennis Elbow"]["urls"][0].endswith("/markup")


def test_broken_markup_gets_findings_and_every_rule_runs(crawl):
    import json

    findings = [json.loads(line) for line in (crawl.out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    syntax = [f for f in findings if f["rule"] == "jsonld-syntax"]
    assert len(syntax) == 1 and syntax[0]["url"].endswith("/markup") and syntax[0]["data"]["line"] == 6
    assert any(f["rule"] == "page-has-heading-one" and f["url"].endswith("/empty") for f in findings)
    assert "could not run" not in crawl.stderr and "Traceback" not in crawl.stderr
