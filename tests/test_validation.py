"""The compiled validator (fast path) and jsonschema (draft 2020-12, the reference) agree on every schema."""

from __future__ import annotations

import copy

import fastjsonschema
import pytest

from clinicaudit import validation

SERVICE = {"id": "dry-needling", "name": "Dry Needling", "aliases": ["IMS"], "url": "https://x.example/dn",
           "summary": None, "intro": "", "benefits": [], "sections": [{"heading": "H", "text": "T"}],
           "conditions": ["knee-pain"], "images": [{"src": "https://x.example/a.jpg", "alt": None}],
           "evidence": [{"signal": "menu-services", "weight": 3}], "score": 3}
PAGE = {"url": "http://127.0.0.1:8000/", "public_url": "http://127.0.0.1:8000/", "requested_url": "http://127.0.0.1:8000/",
        "redirects": [], "redirect_to": None, "status": 200, "error": None, "content_type": "text/html",
        "is_html": False, "response_time_ms": 1.5, "size": 10, "depth": 0, "referrer": None,
        "discovered_via": "start", "fetched_at": "2026-11-26T10:00:00+00:00", "html": None, "sitemap_entries": None}

MUTATIONS = [
    ("service", lambda r: r, True),
    ("service", lambda r: r.update(id="Dry Needling"), False),
    ("service", lambda r: r.update(evidence=[]), False),
    ("service", lambda r: r["sections"].append({"heading": ""}), False),
    ("service", lambda r: r.update(extra=1), False),
    ("service", lambda r: r.update(url="ftp://x"), False),
    ("page", lambda r: r, True),
    ("page", lambda r: r.update(status=799), False),
    ("page", lambda r: r.update(status=None, error={"kind": "timeout", "message": "x"}), True),
    ("page", lambda r: r.update(error={"kind": "nonsense", "message": "x"}), False),
    ("page", lambda r: r.update(url="http://user@host/"), False),
    ("page", lambda r: r.update(html={"title": None}), False),
    ("page", lambda r: r.update(discovered_via="sitemap-file"), True),
]


@pytest.mark.parametrize("schema, mutate, valid", MUTATIONS)
def test_fast_path_agrees_with_jsonschema(schema, mutate, valid):
    record = copy.deepcopy(SERVICE if schema == "service" else PAGE)
    mutate(record)
    reference = not list(validation.validator(schema).iter_errors(record))
    try:
        validation.compiled(schema)(record)
        fast = True
    except fastjsonschema.JsonSchemaException:
        fast = False
    assert reference == fast == valid
    assert (validation.errors(record, schema) == []) == valid


def test_errors_are_json_pointers():
    record = copy.deepcopy(SERVICE)
    record["sections"][0]["heading"] = ""
    assert validation.errors(record, "service") == [
        {"pointer": "/sections/0/heading", "message": "'' should be non-empty"}]
