"""Progress of a crawl: a live line on a terminal (rich), plain log lines otherwise (CI, pipes, log files)."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet import task


class Progress:
    """Pages done, queued, errors and rate, on standard error: a live line on a terminal, else a plain line every
    CLINICAUDIT_PROGRESS_INTERVAL seconds and one at the end. The CLI enables it; pipelines never print."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.started = time.monotonic()
        self.live = sys.stderr.isatty() and os.environ.get("CI", "").lower() not in ("true", "1")
        self.interval = 0.5 if self.live else crawler.settings.getfloat("CLINICAUDIT_PROGRESS_INTERVAL", 10.0)
        self.loop: task.LoopingCall | None = None
        self.status: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def counts(self) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats()
        spider = self.crawler.spider
        done = stats.get("clinicaudit/pages", 0)
        errors = sum(v for k, v in stats.items() if k.startswith("clinicaudit/errors/"))
        errors += sum(v for k, v in stats.items() if k.startswith("clinicaudit/status/5"))
        elapsed = max(time.monotonic() - self.started, 1e-6)
        queued = max(getattr(spider, "scheduled", 0) - done, 0)
        return {"done": done, "queued": queued, "errors": errors, "rate": done / elapsed}

    def line(self) -> str:
        c = self.counts()
        note = getattr(self.crawler.spider, "progress_note", "")  # --redis: the workers taking part
        return (f"pages {c['done']} · queued {c['queued']} · errors {c['errors']} · {c['rate']:.1f} pages/s"
                + (f" · {note}" if note else ""))

    def opened(self, spider: Any) -> None:
        if self.live:
            from rich.console import Console

            self.status = Console(stderr=True).status(self.line())
            self.status.start()
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(self.interval, now=False)

    def tick(self) -> None:
        if self.status is not None:
            self.status.update(self.line())
        else:
            print(f"progress: {self.line()}", file=sys.stderr, flush=True)

    def closed(self, spider: Any, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.status is not None:
            self.status.stop()
        print(f"done: {self.line()}", file=sys.stderr, flush=True)
