"""How each URL was found is settled from the whole crawl's graph once the crawl is over (clinicaudit.discovery),
so that it does not depend on which page claimed a URL first. The crawls that check it end to end:
test_extraction's order test (three orders and concurrencies, one process) and test_distributed (two workers)."""

from __future__ import annotations

import json

from clinicaudit.discovery import settle, settled_summaries

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
                 summary("/a/", ["/only-deep"], 2), summary("/x", [], 1, "sitemap"), summary("/only-deep", [], 3)]
    write(tmp_path / "pages.jsonl", pages)
    write(tmp_path / "summaries.jsonl", summaries)

    changed = settle(tmp_path / "pages.jsonl", tmp_path / "summaries.jsonl", public=lambda u: u)

    got = {r["url"][len(H):]: r for r in map(json.loads, (tmp_path / "pages.jsonl").read_text().splitlines())}
    how = {path: (r["depth"], r["discovered_via"], r["referrer"] and r["referrer"][len(H):], r["requested_url"][len(H):],
                  [h["url"][len(H):] for h in r["redirects"]]) for path, r in got.items()}
    assert how == {
        "/": (0, "start", None, "/", []),
        "/sitemap.xml": (0, "sitemap-file", None, "/sitemap.xml", []),
        "/x": (1, "sitemap", "/sitemap.xml", "/x", []),  # a sitemap's entry ranks before a link at one depth
        "/deep": (1, "sitemap", "/sitemap.xml", "/deep", []),  # no page links to it
        "/a": (2, "link", "/deep", "/a", ["/a"]),  # only /deep links to /a; its own record lists itself
        "/a/": (1, "link", "/", "/a/", []),  # the start page's direct link, no redirect passed
        "/only-deep": (2, "link", "/a/", "/only-deep", []),  # one below /a/'s settled depth
    }
    assert len(changed) == 2
    # the site rules read the summaries with the settled fields
    spool = {s["url"][len(H):]: (s["depth"], s["discovered_via"]) for s in settled_summaries(
        map(json.loads, (tmp_path / "summaries.jsonl").read_text().splitlines()), changed)}
    assert spool["/a/"] == (1, "link") and spool["/only-deep"] == (2, "link") and spool["/x"] == (1, "sitemap")
    # the lines not changed are the crawl's own bytes
    written = (tmp_path / "pages.jsonl").read_text().splitlines()
    assert written[0] == json.dumps(pages[0]) and written[4] == json.dumps(pages[4])


def test_redirects_the_crawl_does_not_follow_are_no_way_in(tmp_path):
    """robots.txt's redirect is not followed (robots.txt is read where it is); nor is one that ended its chain
    (too many redirects, a loop, off the origin)."""
    pages = [
        record("/", 0, "start", None),
        record("/robots.txt", 0, "robots.txt", None, status=301, redirect_to="/about/", redirects=[("/robots.txt", 301)]),
        record("/r1", 1, "link", "/", status=301, redirect_to="/r2", redirects=[("/r1", 301)]),
        record("/r2", 1, "link", "/", status=301, redirect_to="/t", redirects=[("/r1", 301), ("/r2", 301)],
               requested="/r1"),
        record("/about/", 2, "link", "/t"),
        record("/t", 3, "link", "/about/"),
    ]
    pages[3]["error"] = {"kind": "too-many-redirects", "message": "more than 2 redirects in a row"}
    write(tmp_path / "pages.jsonl", pages)
    write(tmp_path / "summaries.jsonl", [summary("/", ["/r1", "/about/"]), summary("/about/", ["/t"], 2),
                                         summary("/t", ["/about/"], 3)])
    settle(tmp_path / "pages.jsonl", tmp_path / "summaries.jsonl", public=lambda u: u, max_redirects=2)
    got = {r["url"][len(H):]: (r["depth"], r["discovered_via"], r["referrer"] and r["referrer"][len(H):])
           for r in map(json.loads, (tmp_path / "pages.jsonl").read_text().splitlines())}
    assert got["/about/"] == (1, "link", "/")  # not robots.txt's target at depth 0
    assert got["/t"] == (2, "link", "/about/")  # not /r2's target at depth 1: the chain stopped there
    assert got["/r2"] == (1, "link", "/")


def test_a_line_that_is_not_a_record_is_kept_as_it_is(tmp_path):
    pages = [record("/", 0, "start", None), record("/a", 2, "link", "/b")]
    (tmp_path / "pages.jsonl").write_text(json.dumps(pages[0]) + "\n" + "{not json\n" + json.dumps(pages[1]) + "\n"
                                          + '{"torn": ', encoding="utf-8")
    write(tmp_path / "summaries.jsonl", [summary("/", ["/a"])])
    assert len(settle(tmp_path / "pages.jsonl", tmp_path / "summaries.jsonl", public=lambda u: u)) == 1
    lines = (tmp_path / "pages.jsonl").read_text().split("\n")
    assert lines[1] == "{not json" and lines[3] == '{"torn": '
    assert json.loads(lines[2])["depth"] == 1


def test_a_url_the_graph_does_not_reach_keeps_what_the_crawl_gave_it(tmp_path):
    pages = [record("/", 0, "start", None), record("/orphan", 4, "link", "/gone")]
    write(tmp_path / "pages.jsonl", pages)
    write(tmp_path / "summaries.jsonl", [summary("/", [])])
    before = (tmp_path / "pages.jsonl").read_bytes()
    assert settle(tmp_path / "pages.jsonl", tmp_path / "summaries.jsonl", public=lambda u: u) == {}
    assert (tmp_path / "pages.jsonl").read_bytes() == before
