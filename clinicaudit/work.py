"""Reading one fetched page: its record's HTML part, the extraction, the page rules, the summary the site rules see
and the record's validation. One plain function, `read`, run in worker processes (`--jobs N`) so that the crawl's
process keeps its core for fetching; with `--jobs 0` the crawl's own process runs it.

A worker gets the run's settings once (`Reader`) and then, per page, the raw facts the spider yields: URL, status,
headers, body text and the rest of the page record. It parses the page once and sends back plain data (dicts and
lists), so nothing from lxml crosses a process boundary. Log lines a worker writes (a rule that failed on odd
markup) travel back with the result and are logged by the crawl's process, in the run's log.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from audits import run_page
from audits.config import AuditConfig
from audits.context import PageContext
from audits.summary import summarize
from clinicaudit import validation
from clinicaudit.extract import read_page
from clinicaudit.page import Page
from clinicaudit.record import html_record
from clinicaudit.urls import Scope


@dataclass
class Reader:
    """What a worker needs to read any page of the run: the crawl's scope and the run's configuration."""

    start_url: str
    site_url: str | None
    extra_hosts: tuple[str, ...]
    config: dict[str, Any]
    scope: Scope = field(init=False, repr=False)
    audit: AuditConfig = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.scope = Scope(self.start_url, site_url=self.site_url, extra_hosts=self.extra_hosts)
        self.audit = AuditConfig.from_config(self.config)

    def __getstate__(self) -> dict[str, Any]:  # only the inputs cross to a worker; it builds the rest
        return {"start_url": self.start_url, "site_url": self.site_url, "extra_hosts": self.extra_hosts,
                "config": self.config}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__post_init__()

    def follow(self, start_url: str) -> None:
        """Take the crawl's start URL as it is now: when the start page redirected to the site's other origin
        (http://x → https://x, `Scope.adopt`), links to that origin are internal from then on."""
        if start_url != self.start_url:
            self.start_url = start_url
            self.__post_init__()

    def read(self, record: dict[str, Any], html: str | None, headers: dict[str, str],
             page: Page | None = None, raw_html: str | None = None) -> dict[str, Any]:
        """The derived data of one fetched URL. `record` is its page record without the `html` part; `html` its
        body when it is an HTML page (for a rendered page, the rendered HTML, and `raw_html` what the server
        sent); `page` the page already parsed (in the crawl's own process)."""
        status = record.get("status")
        if page is None and html is not None and record.get("is_html") and record.get("redirect_to") is None:
            page = Page.parse(record["url"], html, headers, status or 0, scope=self.scope)
        record = dict(record)
        entries = record.pop("sitemap_entries", None)  # the record's fields in their documented order
        record["html"] = html_record(page) if page is not None else None
        if raw_html is not None and page is not None and record.get("render"):
            from clinicaudit import render  # only for rendered pages: it brings scrapy-playwright (and Scrapy)
            raw = Page.parse(record["url"], raw_html, headers, status or 0, scope=self.scope)
            record["render"] = {**record["render"], "rendered_only": render.compare(
                render.raw_facts(raw), render.facts(record["html"], page))}
        record["sitemap_entries"] = entries
        content = None
        if page is not None and status == 200:
            content = read_page(page, record["public_url"], self.config).as_dict()
        ctx = PageContext(page=page, url=record["public_url"], options=self.audit.options(),
                          render=record.get("render")) if page else None
        findings: list[dict[str, Any]] = []
        failed: list[str] = []
        if ctx is not None and status is not None and 200 <= status < 300:
            findings = [f.as_dict() for f in run_page(ctx, self.audit, failed)]
        summary = summarize(record, ctx, content, public=self.scope.public_url)
        return {"record": record, "content": content, "findings": findings, "failed": failed,
                "summary": summary, "record_errors": validation.errors(record, "page")}


# -- in a worker process ---------------------------------------------------------------------------------------------

_reader: Reader | None = None
_log: list[tuple[str, int, str]] = []
_read = 0
# Every this many pages a worker hands the heap's free pages back to the system (glibc's malloc_trim): a page's tree
# and strings are freed when it is read, but the allocator keeps the pages, and a reader's RSS crept up by a few MB an
# hour of pages; trimmed, it stays about 6 MB lower (the bench's 2,000 pages read in one process: 65 → 59 MB).
TRIM_EVERY = 100


@lru_cache(maxsize=1)
def _malloc_trim() -> Any:
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to do
        return None


def _trim() -> None:
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


class _Collect(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        _log.append((record.name, record.levelno, record.getMessage()))


def start_worker(reader: Reader) -> None:
    """A worker's initializer: keep the reader; send log lines of INFO and up back with each result; leave Ctrl-C
    to the crawl's process (which finishes the pages in hand); stop when that process is gone."""
    global _reader
    _reader = reader
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="clinicaudit-parent-watch").start()
    root = logging.getLogger()
    root.handlers[:] = [_Collect(level=logging.INFO)]
    root.setLevel(logging.INFO)


def warm_up() -> None:
    """A first task, sent when the pool starts, so that the workers import and load their vocabularies while the
    crawl fetches its first pages; then the heap's free pages go back to the system (the schema.org vocabulary is
    read from a 1.5 MB JSON-LD file, of which a few thousand names are kept)."""
    from clinicaudit import vocab
    from clinicaudit.extract.vocabulary import vocabulary

    vocabulary()
    vocab.vocabulary()
    _trim()


def read_in_worker(record: dict[str, Any], html: str | None, headers: dict[str, str],
                   raw_html: str | None = None, start_url: str | None = None) -> dict[str, Any]:
    global _read
    assert _reader is not None, "start_worker runs first"
    if start_url is not None:
        _reader.follow(start_url)
    _log.clear()
    try:
        result = _reader.read(record, html, headers, raw_html=raw_html)
    finally:
        lines = list(_log)
        _read += 1
        if _read % TRIM_EVERY == 0:
            _trim()
    result["log"] = lines
    return result
