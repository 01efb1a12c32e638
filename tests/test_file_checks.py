"""Linked files (images, documents, media) are checked with HEAD, never downloaded nor parsed; a server that refuses
HEAD gets a GET, and a "file" that answers with a page is fetched as a page (issue #14)."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

import pytest

from tests.conftest import run_cli, serve

PHOTO = b"\xff\xd8\xff\xe0" + bytes(5000) + b"\xff\xd9"
HOME = (b"<!doctype html><html lang='en'><head><title>Files</title></head><body><main><h1>Files</h1>"
        b"<p><a href='/photo.jpg'>Photo</a> <a href='/price-list.pdf'>Prices</a> <a href='/gone.png'>Gone</a>"
        b" <a href='/banner.gif'>A page called banner.gif</a></p></main></body></html>")
PAGE = (b"<!doctype html><html lang='en'><head><title>Not an image</title></head><body><main><h1>Not an image</h1>"
        b"<p><a href='/found-from-the-page'>More</a></p></main></body></html>")


class Handler(BaseHTTPRequestHandler):
    requests: list[tuple[str, str]] = []

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self, body: bool) -> None:
        self.requests.append((self.command, self.path))
        if self.path == "/" or self.path == "/found-from-the-page":
            status, kind, data = 200, "text/html", HOME if self.path == "/" else PAGE
        elif self.path == "/photo.jpg":
            status, kind, data = 200, "image/jpeg", PHOTO
        elif self.path == "/price-list.pdf":
            if self.command == "HEAD":  # a server that refuses HEAD
                status, kind, data = 405, "text/plain", b"HEAD not allowed"
            else:
                status, kind, data = 200, "application/pdf", b"%PDF-1.4 " + bytes(3000)
        elif self.path == "/banner.gif":
            status, kind, data = 200, "text/html; charset=utf-8", PAGE
        else:
            status, kind, data = 404, "text/plain", b"not found"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def do_GET(self) -> None:
        self._answer(True)

    def do_HEAD(self) -> None:
        self._answer(False)


@pytest.fixture()
def files_site():
    Handler.requests = []
    server, base = serve(Handler)
    yield base
    server.shutdown()


def test_linked_files_are_checked_with_head(files_site, tmp_path):
    run = run_cli("audit", files_site + "/", "--out", str(tmp_path / "out"), "--db", "none", "--format", "json")
    assert run.returncode in (0, 1), run.stderr
    seen = Handler.requests
    assert ("HEAD", "/photo.jpg") in seen and ("GET", "/photo.jpg") not in seen
    assert ("HEAD", "/gone.png") in seen and ("GET", "/gone.png") not in seen
    assert seen.count(("HEAD", "/price-list.pdf")) == 1 and seen.count(("GET", "/price-list.pdf")) == 1
    assert ("GET", "/banner.gif") in seen  # answered as a page: read as one, and its links followed
    assert ("GET", "/found-from-the-page") in seen
    pages = {p["url"].rsplit("/", 1)[-1]: p for p in run.pages()}
    assert pages["photo.jpg"]["status"] == 200 and pages["photo.jpg"]["size"] == len(PHOTO)
    assert pages["photo.jpg"]["content_type"] == "image/jpeg" and not pages["photo.jpg"]["is_html"]
    assert pages["gone.png"]["status"] == 404
    assert pages["price-list.pdf"]["status"] == 200 and pages["price-list.pdf"]["size"] > 3000
    assert pages["banner.gif"]["is_html"] and pages["banner.gif"]["html"]["title"] == "Not an image"
    assert "3 linked files among them, checked but not read; 2 with HEAD" in run.stderr
    assert "Traceback" not in run.stderr and "WARNING" not in run.stderr
