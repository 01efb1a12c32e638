"""A plain static host for the tests, as nginx serves a folder with `try_files $uri $uri.html $uri/ =404`: a folder
asked for without its slash answers 301 to the slash, `/x` serves `x.html`; nothing else (no `_redirects`, no
custom 404 page). Built on the standard library's SimpleHTTPRequestHandler, whose folder redirect is nginx's."""

from __future__ import annotations

import contextlib
import os
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit


class PlainHostHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def translate_path(self, path: str) -> str:
        translated = super().translate_path(path)
        clean = unquote(urlsplit(path).path)
        if not os.path.exists(translated) and not clean.endswith("/") and os.path.isfile(translated + ".html"):
            return translated + ".html"
        return translated

    def list_directory(self, path: str | os.PathLike[str]):  # type: ignore[override]
        self.send_error(404, "Not found")  # nginx's default: no autoindex
        return None


@contextlib.contextmanager
def serve_plain(folder: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(PlainHostHandler, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
