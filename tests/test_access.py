"""Access and scope: a real local server that demands basic auth (and, on some pages, a header or a cookie); the
credentials reach the audited origin only and no output holds them; --user-agent, --include / --exclude, --urls,
--sitemap-only and --stdout."""

from __future__ import annotations

import base64
import json
import sqlite3
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.conftest import serve

USER, PASSWORD = "editor", "s3cret-Pa55-word"
HEADER_VALUE = "preview-token-4242"
COOKIE_VALUE = "sess-98765-abcdef"
SECRETS = [PASSWORD, HEADER_VALUE, COOKIE_VALUE, base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()]
UA = "AgencyAuditBot/2.1 (+https://agency.example/bot)"


def _html(title: str, *links: str) -> bytes:
    anchors = "".join(f'<li><a href="{href}">{href}</a></li>' for href in links)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Staging Physio</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            f"<body><h1>{title}</h1><ul>{anchors}</ul></body></html>").encode()


class StagingHandler(BaseHTTPRequestHandler):
    """A staging host behind basic auth. /members also needs the session cookie, /preview the X-Preview header.
    Every request's path, Host, Authorization, Cookie, X-Preview and User-Agent are logged in `seen`."""

    seen: list[dict[str, Any]] = []
    port = 0

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:
        self.seen.append({"path": self.path, "host": self.headers.get("Host"),
                          "authorization": self.headers.get("Authorization"), "cookie": self.headers.get("Cookie"),
                          "preview": self.headers.get("X-Preview"), "ua": self.headers.get("User-Agent")})
        expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        if self.headers.get("Authorization") != expected:
            self._send(401, b"<html><body><h1>401</h1></body></html>",
                       extra={"WWW-Authenticate": 'Basic realm="staging"'})
            return
        path = self.path.split("?")[0]
        other = f"http://localhost:{self.port}/elsewhere"
        pages = {
            "/": _html("Home", "/services/physiotherapy", "/services/massage", "/blog/first-post", "/members",
                       "/preview", other),
            "/services/physiotherapy": _html("Physiotherapy", "/", "/blog/second-post"),
            "/services/massage": _html("Massage", "/"),
            "/blog/first-post": _html("First post", "/"),
            "/blog/second-post": _html("Second post", "/"),
            "/elsewhere": _html("Elsewhere", "/"),
        }
        if path == "/robots.txt":
            self._send(200, f"User-agent: *\nAllow: /\nSitemap: http://127.0.0.1:{self.port}/sitemap.xml\n".encode(),
                       "text/plain")
        elif path == "/sitemap.xml":
            urls = "".join(f"<url><loc>http://127.0.0.1:{self.port}{p}</loc></url>"
                           for p in ("/services/physiotherapy", "/services/massage"))
            self._send(200, f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                            f"{urls}</urlset>".encode(), "application/xml")
        elif path == "/members":
            if f"session={COOKIE_VALUE}" in (self.headers.get("Cookie") or ""):
                self._send(200, _html("Members", "/"), extra={"Set-Cookie": f"session={COOKIE_VALUE}; HttpOnly"})
            else:
                self._send(403, b"<html><body>login first</body></html>")
        elif path == "/preview":
            self._send(200 if self.headers.get("X-Preview") == HEADER_VALUE else 403, _html("Preview", "/"))
        elif path in pages:
            self._send(200, pages[path])
        else:
            self._send(404, b"<html><body>not found</body></html>")

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture()
def staging() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    seen: list[dict[str, Any]] = []
    handler = type("Staging", (StagingHandler,), {"seen": seen})
    server, base = serve(handler)
    handler.port = server.server_address[1]
    yield base + "/", seen
    server.shutdown()


def _statuses(run) -> dict[str, int | None]:
    return {p["url"].split("/", 3)[-1]: p["status"] for p in run.pages()}


def _files_holding_secrets(folder: Path) -> list[str]:
    hits = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits += [f"{path.name}: {s}" for s in SECRETS if s.encode() in data]
    return hits


def test_basic_auth_a_header_and_a_cookie_reach_the_audited_origin_only_and_no_output_holds_them(cli, staging,
                                                                                                  tmp_path):
    base, seen = staging
    db = tmp_path / "history.db"
    run = cli("audit", base, "--out", str(tmp_path / "out"), "--db", str(db), "--auth", f"{USER}:{PASSWORD}",
              "--header", f"X-Preview: {HEADER_VALUE}", "--cookie", f"session={COOKIE_VALUE}",
              "--extra-host", "localhost", "-v")
    assert run.returncode in (0, 1), run.stderr
    statuses = _statuses(run)
    assert statuses[""] == 200 and statuses["members"] == 200 and statuses["preview"] == 200
    assert statuses["robots.txt"] == 200 and statuses["sitemap.xml"] == 200
    # localhost:PORT is crawled as part of the site (--extra-host) but is another origin: no credential goes there
    to_other = [r for r in seen if (r["host"] or "").startswith("localhost")]
    assert to_other and all(r["authorization"] is None and r["cookie"] is None and r["preview"] is None
                            for r in to_other)
    assert statuses["elsewhere"] == 401
    to_origin = [r for r in seen if (r["host"] or "").startswith("127.0.0.1")]
    assert to_origin and all(r["authorization"] and r["preview"] == HEADER_VALUE for r in to_origin)
    # nowhere: not the output folder (job files included), the history, the terminal
    assert not _files_holding_secrets(run.out)
    with sqlite3.connect(db) as conn:
        dump = "\n".join(conn.iterdump())
    assert not [s for s in SECRETS if s in dump]
    assert not [s for s in SECRETS if s in run.stdout + run.stderr]


def test_the_password_may_come_from_the_environment(cli, staging, tmp_path):
    base, _ = staging
    run = cli("audit", base, "--out", str(tmp_path / "out"), "--db", "none",
              env={"CLINICAUDIT_AUTH": f"{USER}:{PASSWORD}"})
    assert run.returncode in (0, 1), run.stderr
    assert _statuses(run)[""] == 200
    assert not _files_holding_secrets(run.out)


def test_without_the_password_the_run_says_the_site_asks_for_one(cli, staging, tmp_path):
    base, _ = staging
    run = cli("audit", base, "--out", str(tmp_path / "out"), "--db", "none")
    assert run.returncode == 2
    assert "401" in run.stderr and "--auth" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("flag, value, says", [
    ("--auth", "no-colon", "USER:PASSWORD"),
    ("--header", "X-Preview token", "Name: value"),
    ("--header", "Host: evil.example", "sets this header itself"),
    ("--cookie", "novalue", "name=value"),
])
def test_a_malformed_credential_is_refused_before_the_crawl(cli, tmp_path, flag, value, says):
    run = cli("audit", "http://127.0.0.1:9/", "--out", str(tmp_path / "out"), flag, value)
    assert run.returncode == 2 and says in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out" / "pages.jsonl").exists()


def test_the_user_agent_is_the_one_asked_for(cli, staging, tmp_path):
    base, seen = staging
    run = cli("audit", base, "--out", str(tmp_path / "out"), "--db", "none", "--auth", f"{USER}:{PASSWORD}",
              "--user-agent", UA, "--max-pages", "3")
    assert run.returncode in (0, 1), run.stderr
    assert seen and {r["ua"] for r in seen} == {UA}


def test_include_and_exclude_choose_the_pages_crawled(cli, staging, tmp_path):
    base, _ = staging
    run = cli("audit", base, "--out", str(tmp_path / "out"), "--db", "none", "--auth", f"{USER}:{PASSWORD}",
              "--include", "/services/*", "--exclude", "*/massage")
    assert run.returncode in (0, 1), run.stderr
    pages = {p for p, status in _statuses(run).items() if p not in ("robots.txt", "sitemap.xml")}
    # the start page is always fetched (its links are how the rest is found); /blog/*, /members… are left out
    assert pages == {"", "services/physiotherapy"}
    assert "left out by --include / --exclude" in run.stderr


def test_a_url_list_audits_those_urls_and_follows_no_link(cli, staging, tmp_path):
    base, _ = staging
    listing = tmp_path / "urls.txt"
    listing.write_text("# pages to check after the migration\n/services/massage\n\n"
                       f"{base}blog/first-post\nhttps://other.example/page\n", encoding="utf-8")
    run = cli("audit", base, "--out", str(tmp_path / "out"), "--db", "none", "--auth", f"{USER}:{PASSWORD}",
              "--urls", str(listing))
    assert run.returncode in (0, 1), run.stderr
    assert set(_statuses(run)) == {"services/massage", "blog/first-post"}
    assert {p["discovered_via"] for p in run.pages()} == {"list"}
    assert "1 URLs are not on the audited site" in run.stderr


def test_a_url_list_with_a_line_that_is_no_url_is_refused(cli, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text("/ok\nservices/massage\n", encoding="utf-8")
    run = cli("audit", "http://127.0.0.1:9/", "--out", str(tmp_path / "out"), "--urls", str(listing))
    assert run.returncode == 2 and "urls.txt:2" in run.stderr


def test_sitemap_only_audits_the_sitemaps_urls(cli, staging, tmp_path):
    base, _ = staging
    run = cli("audit", base, "--out", str(tmp_path / "out"), "--db", "none", "--auth", f"{USER}:{PASSWORD}",
              "--sitemap-only")
    assert run.returncode in (0, 1), run.stderr
    assert set(_statuses(run)) == {"robots.txt", "sitemap.xml", "services/physiotherapy", "services/massage"}


def test_stdout_prints_report_json_and_nothing_else(cli, staging, tmp_path):
    base, _ = staging
    run = cli("audit", base, "--out", str(tmp_path / "out"), "--db", "none", "--auth", f"{USER}:{PASSWORD}",
              "--format", "json", "--stdout", "--max-pages", "3")
    assert run.returncode in (0, 1), run.stderr
    assert json.loads(run.stdout) == json.loads((run.out / "report.json").read_text(encoding="utf-8"))
    refused = cli("audit", base, "--out", str(tmp_path / "out2"), "--format", "html", "--stdout")
    assert refused.returncode == 2 and "--format json" in refused.stderr


def test_a_request_scrapy_copies_to_another_origin_carries_no_credential():
    # Scrapy's RedirectMiddleware copies every header onto the redirected request (it drops Authorization only when
    # the origin changes, and custom headers never): an --extra-host on another origin must get none of them
    from types import SimpleNamespace

    from scrapy import Request

    from clinicaudit.access import Access, AccessMiddleware
    from clinicaudit.urls import Scope

    access = Access.parse(f"{USER}:{PASSWORD}", [f"X-Preview: {HEADER_VALUE}"], [f"session={COOKIE_VALUE}"])
    middleware = AccessMiddleware(access)
    spider = SimpleNamespace(scope=Scope("https://clinic.example/", extra_hosts=("cdn.clinic.example",)))
    mine = Request("https://clinic.example/about")
    middleware.process_request(mine, spider)
    assert mine.headers.get("Authorization") and mine.headers.get("X-Preview") and mine.headers.get("Cookie")
    copied = mine.replace(url="https://cdn.clinic.example/x")  # as a redirect makes it
    middleware.process_request(copied, spider)
    assert not any(copied.headers.get(h) for h in ("Authorization", "X-Preview", "Cookie"))
