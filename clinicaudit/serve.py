"""Serve a local folder holding a static build of a site on 127.0.0.1, the way static hosts do (nginx's
`try_files $uri $uri.html $uri/`, GitHub Pages, Netlify): a file as itself, `/about` as `about.html`, a folder
`/about` with a 301 to `/about/` and `/about/` as `about/index.html`; `404.html` for missing pages, and a
Netlify-style `_redirects` file (`/old /new 301`). One page thus answers at one URL, as it does in production."""

from __future__ import annotations

import contextlib
import mimetypes
import posixpath
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit


def read_redirects(root: Path) -> dict[str, tuple[str, int]]:
    rules: dict[str, tuple[str, int]] = {}
    path = root / "_redirects"
    if not path.is_file():
        return rules
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("#", 1)[0].split()
        if len(parts) >= 2:
            status = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 301
            rules[parts[0].rstrip("/") or "/"] = (parts[1], status)
    return rules


class StaticSiteHandler(SimpleHTTPRequestHandler):
    root: Path
    redirects: dict[str, tuple[str, int]]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's signature
        pass

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        rule = self.redirects.get(path.rstrip("/") or "/")
        if rule:
            self.send_response(rule[1])
            self.send_header("Location", rule[0])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        target = self.resolve(path)
        if isinstance(target, str):  # a folder asked for without its slash
            query = urlsplit(self.path).query
            self.send_response(301)
            self.send_header("Location", target + (f"?{query}" if query else ""))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if target is None:
            missing = self.root / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"<!doctype html><title>Not found</title><h1>Not found</h1>"
            self._send(404, body, "text/html; charset=utf-8")
            return
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/xml", "application/javascript"):
            ctype += "; charset=utf-8"
        self._send(200, target.read_bytes(), ctype)

    def do_HEAD(self) -> None:
        self.do_GET()

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def resolve(self, path: str) -> Path | str | None:
        """The file that answers `path`, the path with a slash added (str) for a folder asked for without it, or
        None."""
        clean = posixpath.normpath("/" + path).lstrip("/")
        if clean.startswith("..") or "\x00" in clean:
            return None
        base = (self.root / clean) if clean not in ("", ".") else self.root
        index = base / "index.html"
        if clean not in ("", ".") and not path.endswith("/") and base.is_dir() and index.is_file() \
                and not (base.with_name(base.name + ".html")).is_file():
            return path + "/"
        for candidate in (base, base.with_name(base.name + ".html") if clean else None, index):
            if candidate is None:
                continue
            try:
                resolved = candidate.resolve()
            except OSError:
                continue
            if resolved.is_file() and (resolved == self.root or self.root in resolved.parents) \
                    and not resolved.name.startswith("_"):
                return resolved
        return None


@contextlib.contextmanager
def serve_folder(folder: str | Path, port: int = 0) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port by default) while the block runs; yields the base URL."""
    root = Path(folder).resolve()
    handler = type("Handler", (StaticSiteHandler,), {"root": root, "redirects": read_redirects(root)})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="clinicaudit-serve", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
