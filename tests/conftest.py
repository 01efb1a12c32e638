"""Shared fixtures: real HTTP servers on 127.0.0.1 (port 0) and a helper that runs the real CLI in a subprocess
(a Twisted reactor cannot restart, so each crawl gets its own process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from clinicaudit.serve import serve_folder

TESTS = Path(__file__).resolve().parent
SITES = TESTS / "sites"
REPO = TESTS.parent
NEUTRAL = Path(tempfile.mkdtemp(prefix="clinicaudit-cwd-"))


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    out: Path

    def pages(self) -> list[dict[str, Any]]:
        path = self.out / "pages.jsonl"
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def page(self, path: str) -> dict[str, Any]:
        matches = [p for p in self.pages() if p["url"].split("/", 3)[-1] == path.lstrip("/")]
        assert len(matches) == 1, f"expected one record for {path}, got {len(matches)}"
        return matches[0]

    def site(self) -> dict[str, Any]:
        return json.loads((self.out / "site.json").read_text(encoding="utf-8"))

    def invalid(self) -> list[dict[str, Any]]:
        path = self.out / "invalid.jsonl"
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def descendants(pid: int) -> list[tuple[int, int, str]]:
    """The processes below `pid` (children, their children, ...), each as (pid, parent pid, command line), read from
    /proc."""
    table: dict[int, list[tuple[int, str]]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmdline = fh.read().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError, IndexError):
            continue
        table.setdefault(ppid, []).append((int(entry), cmdline))
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for child, cmdline in table.get(parent, []):
            found.append((child, parent, cmdline))
            todo.append(child)
    return found


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 180, env: dict[str, str] | None = None) -> Run:
    """Run `python -m clinicaudit ARGS` and return its exit code, output and --out folder. It runs from a neutral
    folder, so that the installed package is the one tested, not the checkout."""
    full_env = {**os.environ, "CI": "true", **(env or {})}
    if cwd is None:
        cwd = NEUTRAL
    proc = subprocess.run([sys.executable, "-m", "clinicaudit", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd, env=full_env)
    out = Path(args[args.index("--out") + 1]) if "--out" in args else Path()
    return Run(proc.returncode, proc.stdout, proc.stderr, out)


@pytest.fixture(scope="session")
def cli() -> Callable[..., Run]:
    return run_cli


@pytest.fixture(scope="session")
def site_server() -> Iterator[Callable[[str], str]]:
    """Serve tests/sites/<name>/public on 127.0.0.1; returns the base URL for a site name."""
    servers: dict[str, Any] = {}

    def base(name: str) -> str:
        if name not in servers:
            ctx = serve_folder(SITES / name / "public")
            servers[name] = (ctx, ctx.__enter__())
        return servers[name][1]

    yield base
    for ctx, _ in servers.values():
        ctx.__exit__(None, None, None)


# -- a server that misbehaves on purpose ---------------------------------------------------------------------------

MARKUP_PAGE = """<!doctype html><html lang="en"><head><title>Markup</title>
<meta property="og:title" content="Markup page"><meta property="og:type" content="website">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
  {"@type": "Physiotherapy", "@id": "#clinic", "name": "Graph Clinic"},
  {"@type": "MedicalTherapy", "name": "Shockwave", "provider": {"@id": "#clinic"}}]}</script>
<script type="application/ld+json">{"@type": "Thing", "name": "broken",}</script>
</head><body><main><h1>Markup</h1>
<div itemscope itemtype="https://schema.org/MedicalCondition"><span itemprop="name">Tennis Elbow</span></div>
<div vocab="https://schema.org/" typeof="MedicalClinic"><span property="name">RDFa Clinic</span></div>
<img src="data:image/gif;base64,R0lGOD" data-src="/img/lazy.jpg" alt="Lazy"><noscript><img src="/img/lazy.jpg" alt="Lazy"></noscript>
<img srcset="/img/small.jpg 300w, /img/big.jpg 900w" alt="">
<a href="/a"><img src="/img/linked.png" alt="Linked"></a>
</main></body></html>"""

PAGE = "<!doctype html><html lang='en'><head><title>{title}</title></head><body><main><h1>{title}</h1>{body}</main></body></html>"


def _page(title: str, *links: str, body: str = "") -> bytes:
    anchors = "".join(f"<p><a href='{href}'>link {i}</a></p>" for i, href in enumerate(links))
    return PAGE.format(title=title, body=body + anchors).encode()


class QuietHandler(BaseHTTPRequestHandler):
    """The base of the tests' own HTTP servers: quiet, with `send` for one whole answer."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send(self, status: int, body: bytes = b"", ctype: str | None = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> None:
        try:  # the crawler may have given up on this answer already (a timeout): that is the point of some pages
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass


class BehaviourHandler(QuietHandler):
    """Routes for the crawl behaviour tests; `other` is the base URL of a second server (another port)."""

    other = ""
    hits: list[str] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        path = self.path
        if path == "/robots.txt":
            return self.send(200, b"User-agent: *\nDisallow: /private\nSitemap: /sitemap.xml\n", "text/plain")
        if path == "/sitemap.xml":
            host = self.headers.get("Host")
            xml = (f"<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                   f"<url><loc>http://{host}/from-sitemap</loc></url></urlset>").encode()
            return self.send(200, xml, "application/xml")
        routes: dict[str, Callable[[], None]] = {
            "/": lambda: self.send(200, _page(
                "Home", "/a", "/private/secret", f"{self.other}/elsewhere", "https://example.org/external",
                "/old", "/chain1", "/missing", "/error", "/doc.pdf", "/deep/1", "/odd-status", "/a#frag",
                "/a?utm=1", "/loop1", "/markup", "/empty", "/nulls", "/latin1", "/early-end", "/no-type", "/robots.txt",
                f"HTTP://127.0.0.1:{self.server.server_address[1]}", f"http://127.0.0.1:{self.server.server_address[1]}/#top")),
            "/a": lambda: self.send(200, _page("A", "/")),
            "/a?utm=1": lambda: self.send(200, _page("A with query")),
            "/from-sitemap": lambda: self.send(200, _page("From sitemap")),
            "/private/secret": lambda: self.send(200, _page("Secret")),
            "/old": lambda: self.send(301, headers={"Location": "/a"}),
            "/chain1": lambda: self.send(302, headers={"Location": "/chain2"}),
            "/chain2": lambda: self.send(301, headers={"Location": "/chain-end"}),
            "/chain-end": lambda: self.send(200, _page("Chain end")),
            "/loop1": lambda: self.send(301, headers={"Location": "/loop2"}),
            "/loop2": lambda: self.send(301, headers={"Location": "/loop1"}),
            "/missing": lambda: self.send(404, _page("Not found")),
            "/error": lambda: self.send(500, b"Internal error", "text/plain"),
            "/doc.pdf": lambda: self.send(200, b"%PDF-1.4 fake pdf <a href='/never'>", "application/pdf"),
            "/odd-status": lambda: self.send(799, _page("Odd")),
            "/markup": lambda: self.send(200, MARKUP_PAGE.encode()),
            "/empty": lambda: self.send(200, b""),
            "/nulls": lambda: self.send(200, _page("Nulls", body="<p>a\x00b</p><table><tr><td>unclosed")),
            "/latin1": lambda: self.send(200, "<html><head><title>Caf\u00e9 Physioth\u00e9rapie</title></head>"
                                         "<body><h1>R\u00e9\u00e9ducation</h1></body></html>".encode("cp1252"),
                                         "text/html; charset=windows-1252"),
            "/early-end": lambda: self.send(200, b"<html><head><title>Early end</title></head><body><h1>Early</h1>"
                                            b"</body></html><p>After the end.</p><a href='/after-the-end'>late</a>"),
            "/no-type": lambda: self.send(200, _page("No type"), None),
        }
        if path.startswith("/deep/"):
            n = int(path.rsplit("/", 1)[1])
            return self.send(200, _page(f"Deep {n}", f"/deep/{n + 1}"))
        route = routes.get(path)
        if route is None:
            return self.send(404, _page("Not found"))
        route()


class OtherHandler(BehaviourHandler):
    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send(200, _page("Elsewhere"))


def serve(handler: type) -> tuple[ThreadingHTTPServer, str]:
    """Start `handler` on a free port of 127.0.0.1 in a thread; (the server, its base URL). Call shutdown()."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def behaviour_server() -> Iterator[tuple[str, list[str], list[str]]]:
    """(base URL, paths hit on it, paths hit on the other-port server)."""
    other_hits: list[str] = []
    hits: list[str] = []
    other_server, other = serve(type("Other", (OtherHandler,), {"hits": other_hits}))
    server, base = serve(type("Behaviour", (BehaviourHandler,), {"hits": hits, "other": other}))
    yield base, hits, other_hits
    server.shutdown()
    other_server.shutdown()


@pytest.fixture(scope="module")
def behaviour_server_url(behaviour_server) -> str:
    return behaviour_server[0]
