"""Extraction across CMS styles: each fixture site is crawled for real and its site.json compared, field by field,
with the expectations written by hand in tests/sites/<site>/expected.json."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from tests.conftest import SITES, Run, run_cli

FIXTURE_SITES = ["wordpress", "squarespace", "wix"]


@pytest.fixture(scope="module", params=FIXTURE_SITES)
def crawled(request, site_server, tmp_path_factory) -> tuple[dict, Run]:
    name = request.param
    expected = json.loads((SITES / name / "expected.json").read_text(encoding="utf-8"))
    out = tmp_path_factory.mktemp(name)
    args = ["audit", site_server(name), "--out", str(out)]
    if expected.get("site_url"):
        args += ["--site-url", expected["site_url"]]
    if expected.get("config"):
        args += ["--config", str(SITES / name / expected["config"])]
    run = run_cli(*args)
    assert run.returncode == 0, run.stderr
    return expected, run


def _by_id(records: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in records}


def test_services_are_found(crawled):
    expected, run = crawled
    services = run.site()["services"]
    assert sorted(s["id"] for s in services) == sorted(s["id"] for s in expected["services"])
    paths = {urlsplit(s["url"]).path for s in services}
    for path in expected["not_services"]:
        assert path not in paths


def test_service_fields(crawled):
    expected, run = crawled
    actual = _by_id(run.site()["services"])
    for want in expected["services"]:
        got = actual[want["id"]]
        assert got["name"] == want["name"], want["id"]
        assert got["aliases"] == want["aliases"], want["id"]
        assert urlsplit(got["url"]).path == want["url_path"], want["id"]
        if expected.get("site_url"):
            assert got["url"].startswith(expected["site_url"].rstrip("/") + "/")
        assert (got["summary"] or "").startswith(want["summary_starts_with"]), want["id"]
        assert got["benefits"] == want["benefits"], want["id"]
        assert [s["heading"] for s in got["sections"]] == want["section_headings"], want["id"]
        assert sorted(got["conditions"]) == sorted(want["conditions"]), want["id"]
        assert [i["alt"] for i in got["images"]] == want["image_alts"], want["id"]


def test_conditions_merged_across_pages(crawled):
    expected, run = crawled
    actual = _by_id(run.site()["conditions"])
    assert sorted(actual) == sorted(c["id"] for c in expected["conditions"])
    for want in expected["conditions"]:
        got = actual[want["id"]]
        assert got["name"] == want["name"], want["id"]
        assert got["examples"] == want["examples"], want["id"]
        assert sorted(got["treated_by"]) == sorted(want["treated_by"]), want["id"]


def test_clinic(crawled):
    expected, run = crawled
    clinic, want = run.site()["clinic"], expected["clinic"]
    assert clinic["name"] == want["name"]
    assert clinic["telephone"] == want["telephone"]
    assert clinic["email"] == want["email"]
    for part in want["address_text_contains"]:
        assert part in clinic["address"]["text"]
    assert len(clinic["opening_hours"]) == want["opening_hours_count"]
    assert want["insurance_contains"].lower() in (clinic["insurance"] or "").lower()
    assert [p["title"] for p in clinic["selling_points"]] == want["selling_point_titles"]
    assert clinic["geo"] == want["geo"] and clinic["sources"].get("geo") == want["geo_source"]


def test_outputs_validate(crawled):
    _, run = crawled
    from clinicaudit import validation

    assert validation.errors(run.site(), "site") == []
    assert run.invalid() == []
