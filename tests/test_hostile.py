"""A site that misbehaves on purpose: slow and trickling pages, oversized bodies, a gzip bomb, an endless calendar,
redirects off the origin and to file:, a 503 with Retry-After, broken encodings, credentials in links. The crawl
stays bounded, records every problem, and leaks nothing. Each server answer is bounded in time."""

from __future__ import annotations

import gzip
import json
import resource
import time

import pytest

from tests.conftest import QuietHandler, run_cli, serve

BOMB = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)  # 64 MiB once inflated, ~64 KiB on the wire


class Hostile(QuietHandler):
    hits: dict[str, int] = {}
    other = ""

    def do_GET(self):
        path = self.path
        self.hits[path] = self.hits.get(path, 0) + 1
        if self.headers.get("Authorization"):
            self.hits["Authorization: " + self.headers["Authorization"]] = 1
        port = self.server.server_address[1]
        if path == "/robots.txt":
            return self.send(404, b"")
        if path == "/":
            links = ["/calendar?month=1", "/slow", "/trickle", "/big", "/big-unannounced", "/bomb", "/to-file",
                     "/to-other-port", "/to-https", "/retry", "/retry-tomorrow", "/gone", "/bom", "/deep-jsonld",
                     "/huge-jsonld", "/loop-microdata", "/pdf-as-html", "/png-as-html", "/shop?sid=1", "/drop",
                     "/crash", "/to-other-host",
                     "http://bob:hunter2@[::1/broken",
                     f"http://user:secret@127.0.0.1:{port}/with-credentials", "/" + "x" * 5000 + "/../../../etc"]
            body = "".join(f'<a href="{h}">l</a>' for h in links)
            return self.send(200, f"<html><head><title>Home</title></head><body><h1>Home</h1>{body}</body></html>".encode())
        if path.startswith("/calendar?month="):
            n = int(path.rsplit("=", 1)[1])
            return self.send(200, f"<html><title>Month {n}</title><h1>{n}</h1><a href='/calendar?month={n + 1}'>next</a></html>".encode())
        if path == "/slow":
            time.sleep(8)
            return self.send(200, b"<title>late</title>")
        if path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(16):
                    self.wfile.write(b"<p>drip</p>")
                    self.wfile.flush()
                    time.sleep(0.5)
            except OSError:
                pass
            return None
        if path in ("/big", "/big-unannounced"):  # 60 MB, with and without a Content-Length
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            if path == "/big":
                self.send_header("Content-Length", str(60 * 1024 * 1024))
            self.end_headers()
            try:
                for _ in range(60):
                    self.wfile.write(b"<p>" + b"a" * (1024 * 1024 - 7) + b"</p>")
            except OSError:
                pass
            self.close_connection = True
            return None
        if path.startswith("/shop?sid="):  # a new session id in every link
            n = int(path.rsplit("=", 1)[1])
            return self.send(200, f"<html><title>Shop</title><h1>Shop</h1><a href='/shop?sid={n * 7919 % 100003}'>x</a></html>".encode())
        if path == "/drop":  # the connection closes without an answer, every time
            self.close_connection = True
            return None
        if path == "/crash":
            return self.send(500, b"<html><title>Error</title><h1>Internal Server Error</h1></html>")
        if path == "/to-other-host":  # the same port, another host name
            return self.send(302, headers={"Location": f"http://localhost:{port}/elsewhere"})
        if path == "/to-https":  # the same host and port, another scheme
            return self.send(301, headers={"Location": f"https://127.0.0.1:{port}/secure"})
        if path == "/retry-tomorrow":
            return self.send(503, b"maintenance", "text/plain", {"Retry-After": "86400"})
        if path == "/huge-jsonld":  # a valid 5 MB JSON-LD script
            names = ",".join(f'"name {i:07d} {"x" * 40}"' for i in range(5 * 1024 * 1024 // 52))
            script = f'{{"@context": "https://schema.org", "@type": "MedicalClinic", "name": "Huge", "alternateName": [{names}]}}'
            return self.send(200, f'<html><title>Huge JSON-LD</title><script type="application/ld+json">{script}</script><h1>Huge</h1></html>'.encode())
        if path == "/pdf-as-html":
            return self.send(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" + b"\0" * 2000)
        if path == "/png-as-html":
            return self.send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 2000)
        if path == "/bomb":
            return self.send(200, BOMB, headers={"Content-Encoding": "gzip"})
        if path == "/to-file":
            return self.send(302, headers={"Location": "file:///etc/passwd"})
        if path == "/to-other-port":
            return self.send(301, headers={"Location": f"{self.other}/elsewhere"})
        if path == "/retry":
            if self.hits[path] == 1:
                return self.send(503, b"busy", "text/plain", {"Retry-After": "1"})
            return self.send(200, b"<html><title>Back</title><h1>Back</h1></html>")
        if path == "/gone":
            return self.send(410, b"<html><title>Gone</title></html>")
        if path == "/bom":
            return self.send(200, "\ufeff<html><head><title>Caf\u00e9</title></head><body><h1>Caf\u00e9</h1></body></html>".encode("utf-8"))
        if path == "/deep-jsonld":
            deep = "[" * 200 + "]" * 200
            return self.send(200, f'<html><title>Deep</title><script type="application/ld+json">{deep}</script><h1>Deep</h1></html>'.encode())
        if path == "/loop-microdata":
            return self.send(200, b'<html><title>Loop</title><h1>Loop</h1><div itemscope itemtype="https://schema.org/Thing" id="a" itemref="b"><span itemprop="name">A</span></div>'
                                  b'<div itemscope itemtype="https://schema.org/Thing" id="b" itemprop="knows" itemref="a"><span itemprop="name">B</span></div></html>')
        return self.send(404, b"<title>Not found</title>")


class Other(QuietHandler):
    hits: list[str] = []

    def do_GET(self):
        self.hits.append(self.path)
        self.send(200)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    other_hits: list[str] = []
    other, other_base = serve(type("O", (Other,), {"hits": other_hits}))
    server, base = serve(type("H", (Hostile,), {"hits": {}, "other": other_base}))
    root = tmp_path_factory.mktemp("hostile")
    config = root / "c.toml"
    config.write_text("[crawl]\ntimeout = 3\nmax_size = 1000\nmax_per_pattern = 1000\n", encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # Limits from the file and from flags, which win over it: timeout 3 s, 8 MB, 10 URLs per pattern.
    run = run_cli("audit", base + "/", "--out", str(root / "out"), "--config", str(config), "--max-depth", "60",
                  "--max-size", "8000000", "--max-per-pattern", "10", timeout=240)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    yield run, base, server.RequestHandlerClass.hits, other_hits, max(before, peak_kib), root
    server.shutdown()
    other.shutdown()


def record(run, path):
    return next(p for p in run.pages() if p["url"].split("/", 3)[-1] == path.lstrip("/"))


def test_crawl_finishes_and_everything_is_recorded(hostile):
    run, *_ = hostile
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr


def test_slow_and_trickling_pages_are_cut_by_the_timeout(hostile):
    run, *_ = hostile
    assert record(run, "/slow")["error"]["kind"] == "timeout"
    assert record(run, "/trickle")["error"]["kind"] == "timeout"


def test_oversized_body_and_gzip_bomb_are_cut_by_the_size_limit(hostile):
    run, *_ = hostile
    for path in ("/big", "/big-unannounced"):  # 60 MB, with and without a Content-Length; max_size is 8 MB
        big = record(run, path)
        assert big["status"] is None and big["error"]["kind"] == "too-large", path
    assert "maximum size of 8000000 bytes" in record(run, "/big-unannounced")["error"]["message"]
    bomb = record(run, "/bomb")
    assert bomb["status"] is None and bomb["error"]["kind"] == "too-large" and "decompress" in bomb["error"]["message"]


def test_endless_calendar_and_session_ids_are_bounded_and_reported(hostile):
    run, *_ = hostile
    months = [p for p in run.pages() if "calendar?month=" in p["url"]]
    sessions = [p for p in run.pages() if "shop?sid=" in p["url"]]
    assert len(months) == 10 and len(sessions) == 10  # max_per_pattern = 10
    findings = [json.loads(line) for line in (run.out / "findings.jsonl").read_text().splitlines()]
    traps = [f for f in findings if f["rule"] == "crawl-trap"]
    assert sorted(f["data"]["pattern"] for f in traps) == ["/calendar?month", "/shop?sid"]


def test_redirects_off_origin_and_to_file_are_recorded_not_followed(hostile):
    run, _, _, other_hits, *_ = hostile
    to_file = record(run, "/to-file")
    assert to_file["status"] == 302 and to_file["error"]["kind"] == "redirect-off-origin"
    assert record(run, "/to-other-port")["error"]["kind"] == "redirect-off-origin"
    assert other_hits == []


def test_retry_after_is_honoured(hostile):
    run, _, hits, *_ = hostile
    assert hits["/retry"] == 2 and record(run, "/retry")["status"] == 200


def test_retry_after_beyond_the_cap_is_not_waited_for(hostile):
    run, _, hits, *_ = hostile
    assert hits["/retry-tomorrow"] == 1 and record(run, "/retry-tomorrow")["status"] == 503
    broken = [f for f in _findings(run)
              if f["rule"] == "broken-link" and f["data"]["target"].endswith("/retry-tomorrow")]
    assert len(broken) == 1 and "503" in broken[0]["message"]


def test_redirect_to_another_scheme_or_host_is_recorded_not_followed(hostile):
    run, _, hits, *_ = hostile
    hop = record(run, "/to-https")
    assert hop["status"] == 301 and hop["error"]["kind"] == "redirect-off-origin"
    assert not [p for p in run.pages() if p["url"].startswith("https://")]
    hop = record(run, "/to-other-host")
    assert hop["status"] == 302 and hop["error"]["kind"] == "redirect-off-origin"
    assert "/elsewhere" not in hits and not [p for p in run.pages() if "localhost" in p["url"]]


def test_server_errors_and_dropped_connections_are_recorded_and_reported(hostile):
    run, _, hits, *_ = hostile
    crash, drop = record(run, "/crash"), record(run, "/drop")
    assert crash["status"] == 500 and crash["error"] is None
    assert drop["status"] is None and drop["error"]["kind"] == "connection-lost"
    assert hits["/drop"] == 2  # one retry (crawl.retries = 1), then recorded
    broken = {f["data"]["target"].rsplit("/", 1)[1]: f["message"] for f in _findings(run) if f["rule"] == "broken-link"}
    assert "answered 500" in broken["crash"] and "lost the connection" in broken["drop"]


def _closed_port() -> int:
    import socket

    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("where, kind", [("clinic.invalid", "dns"), ("127.0.0.1:{port}", "connection-refused")])
def test_an_unreachable_site_is_recorded_with_the_reason(where, kind, tmp_path):
    url = f"http://{where.format(port=_closed_port())}/"
    run = run_cli("audit", url, "--out", str(tmp_path / "out"), "--ignore-robots", "--timeout", "10")
    assert run.returncode == 2 and "cannot reach the site" in run.stderr and "Traceback" not in run.stderr
    start = next(p for p in run.pages() if p["url"] == url)
    assert start["status"] is None and start["error"]["kind"] == kind
    assert f"fetch errors: 3 {kind}" in run.stderr  # the start page, robots.txt and /sitemap.xml


def test_no_telnet_console_no_remote_control_and_nothing_written_at_home(site_server, tmp_path):
    """Scrapy 2.19 starts a remote-control server by default and writes its job file under the user's home
    (~/.local/state/scrapy); its telnet console listens on a port. Neither runs, and nothing lands outside --out."""
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "XDG_STATE_HOME": str(home / "state"), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache")}
    run = run_cli("audit", site_server("squarespace"), "--out", str(tmp_path / "out"), "-v", env=env)
    assert run.returncode == 0, run.stderr
    assert "Enabled extensions" in run.stderr  # -v shows Scrapy's own lines, so the checks below can see them
    assert "TelnetConsole" not in run.stderr and "Telnet console listening" not in run.stderr
    assert "RemoteControl" not in run.stderr and "Remote control HTTP server" not in run.stderr
    assert list(home.rglob("*")) == []


def test_huge_jsonld_is_reported_and_not_read(hostile):
    run, *_ = hostile
    huge = record(run, "/huge-jsonld")
    data = huge["html"]["structured_data"]
    assert data["json-ld"] == [] and "more than the 1 MB clinicaudit reads" in data["errors"][0]["message"]
    assert len(json.dumps(huge)) < 100_000  # the 5 MB script is not copied into the record
    assert [f["rule"] for f in _findings(run) if f["url"].endswith("/huge-jsonld") and f["rule"] == "jsonld-syntax"]


def test_pdf_and_image_served_as_html_are_recorded_not_parsed(hostile):
    run, *_ = hostile
    for path, what in (("/pdf-as-html", "a PDF document"), ("/png-as-html", "a PNG image")):
        rec = record(run, path)
        assert rec["status"] == 200 and rec["is_html"] is False and rec["html"] is None, path
        assert rec["error"] == {"kind": "content-mismatch",
                                "message": f"served as text/html, but the body is {what}: not read as a page"}


def _findings(run):
    return [json.loads(line) for line in (run.out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]


def test_gone_bom_deep_and_looping_markup(hostile):
    run, *_ = hostile
    assert record(run, "/gone")["status"] == 410
    assert record(run, "/bom")["html"]["title"] == "Café"
    deep = record(run, "/deep-jsonld")["html"]["structured_data"]
    assert deep["json-ld"] == [] and "nested" in deep["errors"][0]["message"]
    assert record(run, "/loop-microdata")["status"] == 200


def test_credentials_never_sent_nor_written(hostile):
    run, _, hits, _, _, root = hostile
    assert "/with-credentials" in hits  # fetched, without the user:password
    assert not [h for h in hits if h.startswith("Authorization")]  # not as HTTP basic auth either
    for name in ("pages.jsonl", "findings.jsonl", "site.json", "report.html", "report.json", "findings.csv",
                 "summary.md", "junit.xml", "report.sarif"):
        text = (root / "out" / name).read_text(encoding="utf-8")
        assert "secret" not in text and "hunter2" not in text, name  # also in a link that is no valid URL
    assert "secret" not in run.stderr


def test_credentials_in_the_start_url_stay_out_of_logs_and_outputs(tmp_path):
    """Scrapy's own `invalid hostname` error names the URL it failed on: with -v, every Scrapy line is shown."""
    run = run_cli("audit", "http://alice:s3cret@bad_host!/", "--out", str(tmp_path / "out"), "-v")
    assert "invalid hostname" in run.stderr and "Traceback" not in run.stderr
    assert "s3cret" not in run.stdout + run.stderr
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            assert "s3cret" not in path.read_text(encoding="utf-8", errors="replace"), path


def test_long_url_and_dot_segments_write_nothing_outside_out(hostile):
    run, _, _, _, _, root = hostile
    assert sorted(p.name for p in root.iterdir()) == ["c.toml", "out"]


def test_peak_memory_stays_small(hostile):
    peak_kib = hostile[4]  # the largest child process of the test session so far, the crawl among them
    assert peak_kib < 500 * 1024, f"peak RSS {peak_kib // 1024} MiB"


class RobotsDown(QuietHandler):
    """robots.txt answers 503 (or drops the connection, with `drop`); every page would answer 200."""

    drop = False
    hits: list[str] = []

    def do_GET(self):
        self.hits.append(self.path)
        if self.path != "/robots.txt":
            return self.send(200, b"<html><title>Page</title><a href='/a'>a</a></html>")
        if self.drop:
            self.connection.close()  # no answer at all
            return None
        return self.send(503, b"<h1>Service unavailable</h1>")


@pytest.mark.parametrize("drop", [False, True], ids=["robots-503", "robots-unreachable"])
def test_robots_5xx_or_unreachable_means_disallow_all(drop, tmp_path):
    hits: list[str] = []
    server, base = serve(type("R", (RobotsDown,), {"drop": drop, "hits": hits}))
    try:
        run = run_cli("audit", f"{base}/", "--out", str(tmp_path))
    finally:
        server.shutdown()
    assert [h for h in hits if h != "/robots.txt"] == []
    start = record(run, "/")
    assert start["status"] is None and start["error"]["kind"] == "robots-disallowed"
    assert "RFC 9309 says nothing may be crawled" in run.stderr
    assert ("robots.txt answered 503" if not drop else "robots.txt unreachable") in run.stderr
    assert "Traceback" not in run.stderr


class Late(QuietHandler):
    """The home page links to a page that answers after 30 seconds."""

    hits: list[str] = []

    def do_GET(self):
        self.hits.append(self.path)
        if self.path == "/late":
            time.sleep(30)
        self.send(404 if self.path == "/robots.txt" else 200,
                  b"<html><title>Home</title><h1>Home</h1><a href='/late'>late</a></html>")


def test_default_timeout_cuts_a_page_that_answers_after_30_seconds(tmp_path):
    """With no limit set: the documented 20 s per request (not Scrapy's 180 s) and one retry (docs/limits.md)."""
    hits: list[str] = []
    server, base = serve(type("L", (Late,), {"hits": hits}))
    try:
        run = run_cli("audit", f"{base}/", "--out", str(tmp_path / "out"))
    finally:
        server.shutdown()
    late = record(run, "/late")
    assert late["status"] is None and late["error"]["kind"] == "timeout"
    assert late["error"]["message"].endswith("took longer than 20.0 seconds.")
    assert hits.count("/late") == 2  # the request and its one retry
    assert run.returncode == 0 and "Traceback" not in run.stderr


SCHEMES_SPIDER = '''
import json, os
import scrapy

class Schemes(scrapy.Spider):
    name = "schemes"
    results = {}

    async def start(self):
        for url in ("file:///etc/hostname", "data:text/html,<title>x</title>", "ftp://127.0.0.1/x"):
            yield scrapy.Request(url, callback=self.ok, errback=self.failed, dont_filter=True)

    def ok(self, response):
        self.results[response.url.split(":")[0]] = "fetched"

    def failed(self, failure):
        self.results[failure.request.url.split(":")[0]] = failure.type.__name__

    def closed(self, reason):
        with open(os.environ["SCHEMES_OUT"], "w") as fh:
            json.dump(self.results, fh)
'''


def test_only_http_and_https_download_handlers(tmp_path):
    """A spider run with the project's settings (scrapy.cfg → clinicaudit.settings) cannot fetch file:, data: or
    ftp: URLs, which plain Scrapy fetches (the control run, outside the project)."""
    import os
    import subprocess
    import sys

    from tests.conftest import NEUTRAL, REPO

    spider = tmp_path / "schemes.py"
    spider.write_text(SCHEMES_SPIDER, encoding="utf-8")
    results = {}
    for name, cwd in (("project", REPO), ("plain", NEUTRAL)):
        out = tmp_path / f"{name}.json"
        proc = subprocess.run([sys.executable, "-m", "scrapy", "runspider", str(spider), "-s", "LOG_LEVEL=ERROR",
                               "-s", "RETRY_TIMES=0"], cwd=cwd, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "SCHEMES_OUT": str(out)})
        assert out.is_file(), proc.stderr
        results[name] = json.loads(out.read_text(encoding="utf-8"))
    assert results["plain"]["file"] == results["plain"]["data"] == "fetched"  # what the project's settings prevent
    assert results["project"]["file"] == results["project"]["data"] == "NotSupported"
    assert results["project"]["ftp"] != "fetched"
