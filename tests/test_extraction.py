"""Extraction on the fixture sites, scored against their hand-written keys (tests/extraction_score.py): every site
is crawled for real through both local servers (clinicaudit's folder server, and a plain static host that
redirects folders as nginx does). The tuned sites are held to the floors below, which are what the extraction
reaches today (issue #11 asks for 1.0; docs/extraction.md has the figures); the held-out sites are scored the same
way by `python -m tests.extraction_score`, reported in docs/extraction.md, and never tuned on."""

from __future__ import annotations

import hashlib
import json
import time

import pytest

from clinicaudit.serve import StaticSiteHandler, read_redirects, serve_folder
from tests.conftest import run_cli
from tests.extraction_score import SETS, SITES, crawl, score
from tests.static_host import serve_plain

SERVERS = {"folder": serve_folder, "plain": serve_plain}
TUNED = [n for n in SETS["tuned"] if (SITES / n / "key.json").is_file()]
HELD_OUT = [n for n in SETS["held_out"] if (SITES / n / "key.json").is_file()]


@pytest.fixture(scope="module")
def all_scores(tmp_path_factory):
    """Every fixture site through both servers: {(site, server): Score}."""
    out = {}
    for name in TUNED + HELD_OUT:
        key = json.loads((SITES / name / "key.json").read_text(encoding="utf-8"))
        for server, serve in SERVERS.items():
            with serve(SITES / name / "public") as base:
                site = crawl(name, base, tmp_path_factory.mktemp(f"{name}-{server}") / "out")
            out[(name, server)] = score(name, key, site)
    return out


@pytest.fixture(scope="module")
def scores(all_scores):
    """The tuned sites' scores (the held-out ones are reported in docs/extraction.md, not held to a floor)."""
    return {k: v for k, v in all_scores.items() if k[0] in TUNED}


def _total(scores, part):
    return sum(getattr(s, part)[0] for s in scores), sum(getattr(s, part)[1] for s in scores), \
        sum(getattr(s, part)[2] for s in scores)


def test_both_servers_give_the_same_answer(all_scores):
    """A folder redirected as nginx does and clinicaudit's folder server are one site to the extraction."""
    for name in TUNED + HELD_OUT:
        folder, plain = all_scores[(name, "folder")], all_scores[(name, "plain")]
        assert (folder.services, folder.conditions, folder.aliases, folder.clinic) == \
            (plain.services, plain.conditions, plain.aliases, plain.clinic), name


def test_services_on_the_tuned_sites(scores):
    matched, found, expected = _total(scores.values(), "services")
    assert matched == found == expected, {k: (v.misses["services missed"], v.misses["services extra"])
                                          for k, v in scores.items()}


def test_conditions_on_the_tuned_sites(scores):
    right, found, expected = _total(scores.values(), "conditions")
    hits = sum(s.condition_hits for s in scores.values())
    assert right / found >= 0.95, {k[0]: v.misses.get("conditions extra") for k, v in scores.items()}
    assert hits / expected >= 0.9, {k[0]: v.misses.get("conditions missed") for k, v in scores.items()}


def test_aliases_on_the_tuned_sites(scores):
    got = sum(s.aliases[0] for s in scores.values())
    want = sum(s.aliases[1] for s in scores.values())
    assert got / want >= 0.8, {k[0]: v.misses.get("aliases missed") for k, v in scores.items()}
    right = sum(s.alias_records[0] for s in scores.values())
    found = sum(s.alias_records[1] for s in scores.values())
    assert right / found >= 0.95, {k[0]: v.misses.get("aliases extra") for k, v in scores.items()}


def test_clinic_facts_on_the_tuned_sites(scores):
    wrong = {k: [f for f, ok in v.clinic.items() if not ok] for k, v in scores.items() if not all(v.clinic.values())}
    assert not wrong, wrong


class ShuffledHandler(StaticSiteHandler):
    """Answers each page after a delay drawn from the path and a seed, so that each seed makes the crawl see
    pages in another order."""

    seed = 0

    def do_GET(self) -> None:
        digest = hashlib.sha1(f"{self.seed}{self.path}".encode()).digest()
        time.sleep(digest[0] / 255 * 0.15)
        super().do_GET()


@pytest.mark.parametrize("name", ["wordpress", "webflow"])
def test_the_same_site_gives_the_same_site_json_whatever_the_order(name, tmp_path):
    """Three crawls of one site, at different concurrency and with pages answering in different orders, give
    byte-identical services, conditions and clinic, and the same page records (sorted; each crawl's own port aside),
    how each URL was found included: depth, discovered_via, referrer, requested_url, redirects."""
    import threading
    from http.server import ThreadingHTTPServer

    key = json.loads((SITES / name / "key.json").read_text(encoding="utf-8"))
    root = (SITES / name / "public").resolve()
    results, records = [], []
    for seed, concurrency in ((1, "1"), (2, "8"), (3, "16")):
        handler = type("H", (ShuffledHandler,), {"root": root, "redirects": read_redirects(root), "seed": seed})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            out = tmp_path / f"run{seed}"
            args = ["audit", f"http://127.0.0.1:{server.server_address[1]}/", "--out", str(out),
                    "--concurrency", concurrency]
            if key.get("site_url"):
                args += ["--site-url", key["site_url"]]
            run = run_cli(*args)
        finally:
            server.shutdown()
            server.server_close()
        assert run.returncode in (0, 1), run.stderr
        site = run.site()
        results.append(json.dumps({k: site[k] for k in ("clinic", "services", "conditions")}, sort_keys=True))
        port = f"127.0.0.1:{server.server_address[1]}"
        records.append(sorted(json.dumps({k: v for k, v in page.items() if k not in ("fetched_at", "response_time_ms")},
                                         sort_keys=True).replace(port, "HOST")
                              for page in map(json.loads, (out / "pages.jsonl").read_text().splitlines())))
    assert results[0] == results[1] == results[2]
    assert len(records[0]) > 10
    assert records[0] == records[1] == records[2]
