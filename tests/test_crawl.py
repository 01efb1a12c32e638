"""The crawl, through real Scrapy against a real local server that misbehaves on purpose."""

from __future__ import annotations

import pytest

from tests.conftest import Run


@pytest.fixture(scope="module")
def crawl(behaviour_server, tmp_path_factory) -> Run:
    from tests.conftest import run_cli

    base, _, _ = behaviour_server
    out = tmp_path_factory.mktemp("crawl")
    return run_cli("audit", base + "/", "--out", str(out), "--max-depth", "3")


def paths(run: Run) -> set[str]:
    return {"/" + p["url"].split("/", 3)[-1] for p in run.pages()}


def test_robots_disallowed_path_is_not_fetched(crawl, behaviour_server):
    _, hits, _ = behaviour_server
    assert "/private/secret" not in hits
    record = crawl.page("/private/secret")
    assert record["status"] is None and record["error"]["kind"] == "robots-disallowed"


def test_other_port_and_other_host_are_not_followed(crawl, behaviour_server):
    _, _, other_hits = behaviour_server
    assert other_hits == []
    assert not any("example.org" in p["url"] for p in crawl.pages())
    home = crawl.page("/")
    external = [link for link in home["html"]["links"] if "example.org" in link["href"] or "/elsewhere" in link["href"]]
    assert len(external) == 2 and not any(link["internal"] for link in external)


def test_redirects_are_recorded_hop_by_hop(crawl):
    hop = crawl.page("/old")
    assert hop["status"] == 301 and hop["redirect_to"].endswith("/a")
    end = crawl.page("/chain-end")
    assert [h["status"] for h in end["redirects"]] == [302, 301]
    assert end["requested_url"].endswith("/chain1") and end["status"] == 200
    assert crawl.page("/chain2")["status"] == 301
    # each hop is a new request with its own meta: nothing of the previous download (latency, slot) is carried
    assert "internal meta keys" not in crawl.stderr


def test_redirect_loop_is_detected_not_followed(crawl):
    loop = crawl.page("/loop1")
    assert loop["redirect_to"].endswith("/loop2")
    second = crawl.page("/loop2")
    assert second["error"]["kind"] == "redirect-loop"


def test_error_statuses_are_recorded(crawl):
    assert crawl.page("/missing")["status"] == 404
    error = crawl.page("/error")
    assert error["status"] == 500 and error["is_html"] is False and error["html"] is None


def test_non_html_is_recorded_not_parsed(crawl, behaviour_server):
    _, hits, _ = behaviour_server
    pdf = crawl.page("/doc.pdf")
    assert pdf["status"] == 200 and pdf["content_type"] == "application/pdf"
    assert pdf["is_html"] is False and pdf["html"] is None and pdf["size"] > 0
    assert "/never" not in hits


def test_each_page_fetched_once_fragment_dropped(crawl, behaviour_server):
    _, hits, _ = behaviour_server
    assert hits.count("/a") == 1
    assert hits.count("/a?utm=1") == 1  # a query makes another URL
    assert sum(1 for p in crawl.pages() if p["url"].endswith("/a")) == 1


def test_sitemap_from_robots_is_followed(crawl):
    record = crawl.page("/from-sitemap")
    assert record["discovered_via"] == "sitemap" and record["depth"] == 1


def test_max_depth_is_honoured(crawl):
    deep = sorted(p for p in paths(crawl) if p.startswith("/deep/"))
    assert deep == ["/deep/1", "/deep/2", "/deep/3"]  # / is depth 0, /deep/1 depth 1 ... --max-depth 3
    assert max(p["depth"] for p in crawl.pages()) == 3


def test_invalid_record_goes_to_invalid_jsonl_and_exit_code(crawl):
    assert "/odd-status" not in {p for p in paths(crawl)}
    invalid = [r for r in crawl.invalid() if r["id"].endswith("/odd-status")]
    assert len(invalid) == 1
    assert invalid[0]["type"] == "page" and invalid[0]["record"]["status"] == 799
    assert {e["pointer"] for e in invalid[0]["errors"]} == {"/status"}
    assert crawl.returncode == 3
    assert "1 records failed schema validation" in crawl.stderr


def test_max_pages_is_honoured(behaviour_server, tmp_path):
    from tests.conftest import run_cli

    base, _, _ = behaviour_server
    run = run_cli("audit", base + "/", "--out", str(tmp_path), "--max-pages", "4")
    pages = [p for p in run.pages() if p["discovered_via"] in ("start", "link", "sitemap")]
    assert len(pages) + len(run.invalid()) == 4
    assert "stopped at the page limit" in run.stderr


def test_pages_are_valid_against_schema(crawl):
    from clinicaudit import validation

    for record in crawl.pages():
        assert validation.errors(record, "page") == [], record["url"]


def test_ignore_robots_fetches_disallowed(behaviour_server, tmp_path):
    from tests.conftest import run_cli

    base, hits, _ = behaviour_server
    run = run_cli("audit", base + "/", "--out", str(tmp_path), "--ignore-robots", "--max-depth", "1")
    assert run.page("/private/secret")["status"] == 200


def test_one_url_one_record_however_it_is_spelled(crawl):
    """`HTTP://host:port`, `http://host:port/#top` and `/` are the home page once; `/sitemap.xml`, requested by
    default and named again in robots.txt, is fetched and recorded once; so is `/robots.txt`, which the home page
    links to as well."""
    urls = [p["url"] for p in crawl.pages()]
    assert len(urls) == len(set(urls))
    assert sum(1 for u in urls if u.endswith(":" + u.split(":")[2].split("/")[0] + "/")) == 1
    assert sum(1 for u in urls if u.endswith("/sitemap.xml")) == 1
    assert sum(1 for u in urls if u.endswith("/robots.txt")) == 1
