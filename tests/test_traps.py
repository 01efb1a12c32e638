"""Crawl traps are judged by behaviour: an endless calendar is cut, a 700-link archive on one page is crawled whole,
side by side in one crawl of a real server."""

from __future__ import annotations

import json

import pytest

from tests.conftest import QuietHandler, run_cli, serve

POSTS = 700


class ArchiveAndCalendar(QuietHandler):
    def do_GET(self) -> None:
        path = self.path
        if path == "/robots.txt":
            return self.send(404, b"")
        if path == "/sitemap.xml":
            return self.send(404, b"")
        if path == "/":
            return self.send(200, b"<html><head><title>Clinic</title></head><body><h1>Clinic</h1>"
                                  b"<a href='/blog/'>Blog</a><a href='/events?month=1'>Events</a></body></html>")
        if path == "/blog/":  # an archive: every post of the blog, side by side, on one page
            links = "".join(f"<li><a href='/blog/post-{n}'>Post {n}</a></li>" for n in range(1, POSTS + 1))
            return self.send(200, f"<html><head><title>Blog</title></head><body><h1>Blog</h1><ul>{links}</ul>"
                                  f"</body></html>".encode())
        if path.startswith("/blog/post-"):
            n = path.rsplit("-", 1)[1]
            return self.send(200, f"<html><head><title>Post {n}</title></head><body><h1>Post {n}</h1>"
                                  f"<a href='/blog/'>All posts</a></body></html>".encode())
        if path.startswith("/events?month="):  # a calendar: one more "next month" link on every page, for ever
            n = int(path.rsplit("=", 1)[1])
            return self.send(200, f"<html><head><title>Events {n}</title></head><body><h1>Month {n}</h1>"
                                  f"<a href='/events?month={n + 1}'>Next month</a></body></html>".encode())
        return self.send(404, b"")


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    server, base = serve(ArchiveAndCalendar)
    try:
        out = tmp_path_factory.mktemp("traps") / "out"
        run = run_cli("audit", base + "/", "--out", str(out), "--max-per-pattern", "10", "--max-pages", "2000",
                      "--max-depth", "40", "--concurrency", "16", timeout=300)
        yield run
    finally:
        server.shutdown()


def test_the_calendar_is_cut_and_the_archive_is_crawled_whole(crawl):
    assert crawl.returncode in (0, 1), crawl.stderr
    urls = [p["url"] for p in crawl.pages()]
    posts = [u for u in urls if "/blog/post-" in u]
    months = [u for u in urls if "/events?month=" in u]
    assert len(posts) == POSTS  # listed on one page: a finite list, not a trap
    assert len(months) == 10  # one deeper each time: cut at --max-per-pattern
    findings = [json.loads(line) for line in (crawl.out / "findings.jsonl").read_text().splitlines()]
    traps = [f for f in findings if f["rule"] == "crawl-trap"]
    assert [f["data"]["pattern"] for f in traps] == ["/events?month"]


def test_limits_reached_are_listed_in_run_json_and_every_report(tmp_path):
    server, base = serve(ArchiveAndCalendar)
    try:
        out = tmp_path / "out"
        run = run_cli("audit", base + "/", "--out", str(out), "--max-pages", "2", "--max-depth", "1", timeout=300)
    finally:
        server.shutdown()
    assert run.returncode in (0, 1), run.stderr
    limits = json.loads((out / "run.json").read_text(encoding="utf-8"))["limits"]
    # the home page and the blog fill the page budget, so the calendar is left out; the blog's posts are one link
    # too deep, each counted once
    assert limits == {"max_pages": 1, "max_depth": POSTS}
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["run"]["limits"] == limits
    summary = (out / "summary.md").read_text(encoding="utf-8")
    page = (out / "report.html").read_text(encoding="utf-8")
    for text in (f"{limits['max_pages']} URLs found and not fetched at the page limit (--max-pages)",
                 f"{limits['max_depth']} URLs beyond the depth limit (--max-depth)"):
        assert text in summary and text in page
