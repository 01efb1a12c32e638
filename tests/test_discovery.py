"""How each URL was found is settled from the whole crawl's graph once the crawl is over (clinicaudit.discovery),
so that it does not depend on which page claimed a URL first. The crawls that check it end to end:
test_extraction's order test (three orders and concurrencies, one process) and test_distributed (two workers)."""

from __future__ import annotations

import json

from clinicaudit.discovery import settle

H = "http://clinic.test"


def record(path, depth, via, referrer, *, status=200, redirect_to=None, redirects=(), requested=None, entries=None):
    return {"url": H + path, "public_url": H + path, "requested_url": H + (requested or path),
            "redirects": [{"url": H + u, "status": s} for u, s in redirects],
            "redirect_to": H + redirect_to if redirect_to else None, "status": status, "depth": depth,
            "referrer": H + referrer if referrer else None, "discovered_via": via,
            "sitemap_entries": [H + u for u in entries] if entries is not None else None}


def summary(path, links, depth=0, via="link"):
    return {"url": H + path, "depth": depth, "discovered_via": via, "links": [{"href": H + u} for u in links],
            "canonical": None}


def write(path, values):
    path.write_text("".join(json.dumps(v) + "\n" for v in values), encoding="utf-8")


def test_each_url_keeps_its_least_discovery_whatever_claimed_it_first(tmp_path):
    # As a crawl could have met them: /deep's link to /a came first, so /a and its redirect target /a/ were
    # claimed at depth 2 from /deep, though the start page links to /a/ itself; the sitemap offered /x before the
    # start page's link did.
    pages = [
        record("/", 0, "start", None),
        record("/sitemap.xml", 0, "sitemap-file", None, entries=["/x", "/deep"]),
        record("/x", 1, "sitemap", "/sitemap.xml"),
        record("/deep", 1, "sitemap", "/sitemap.xml"),
        record("/a", 2, "link", "/deep", status=301, redirect_to="/a/", redirects=[("/a", 301)]),
        record("/a/", 2, "link", "/deep", requested="/a", redirects=[("/a", 301)]),
        record("/only-deep", 3, "link", "/a/"),
    ]
    summaries = [summary("/", ["/x", "/a/", "/nowhere"]), summary("/deep", ["/a"], 1, "sitemap"),
                 summary("/a/", ["/only-deep"], 2), summary("/x", []), summary("/only-deep", [], 3)]
    write(tmp_path / "pages.jsonl", pages)
    write(tmp_path / "summaries.jsonl", summaries)

    changed = settle(tmp_path / "pages.jsonl", tmp_path / "summaries.jsonl", public=lambda u: u)

    got = {r["url"][len(H):]: r for r in map(json.loads, (tmp_path / "pages.jsonl").read_text().splitlines())}
    how = {path: (r["depth"], r["discovered_via"], r["referrer"] and r["referrer"][len(H):], r["requested_url"][len(H):],
                  [h["url"][len(H):] for h in r["redirects"]]) for path, r in got.items()}
    assert how == {
        "/": (0, "start", None, "/", []),
        "/sitemap.xml": (0, "sitemap-file", None, "/sitemap.xml", []),
        "/x": (1, "link", "/", "/x", []),  # a link ranks before a sitemap entry at one depth
        "/deep": (1, "sitemap", "/sitemap.xml", "/deep", []),  # no page links to it
        "/a": (2, "link", "/deep", "/a", ["/a"]),  # only /deep links to /a; its own record lists itself
        "/a/": (1, "link", "/", "/a/", []),  # the start page's direct link, no redirect passed
        "/only-deep": (2, "link", "/a/", "/only-deep", []),  # one below /a/'s settled depth
    }
    assert changed == 3
    spool = {s["url"][len(H):]: (s["depth"], s["discovered_via"])
             for s in map(json.loads, (tmp_path / "summaries.jsonl").read_text().splitlines())}
    assert spool["/a/"] == (1, "link") and spool["/only-deep"] == (2, "link") and spool["/x"] == (1, "link")


def test_a_url_the_graph_does_not_reach_keeps_what_the_crawl_gave_it(tmp_path):
    pages = [record("/", 0, "start", None), record("/orphan", 4, "link", "/gone")]
    write(tmp_path / "pages.jsonl", pages)
    write(tmp_path / "summaries.jsonl", [summary("/", [])])
    before = (tmp_path / "pages.jsonl").read_bytes()
    assert settle(tmp_path / "pages.jsonl", tmp_path / "summaries.jsonl", public=lambda u: u) == 0
    assert (tmp_path / "pages.jsonl").read_bytes() == before
