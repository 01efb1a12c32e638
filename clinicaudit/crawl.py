"""Run one crawl in this process (a Twisted reactor cannot restart: one crawl per process)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.crawler import AsyncCrawlerProcess
from scrapy.settings import Settings

from clinicaudit import render
from clinicaudit.access import Access
from clinicaudit.config import Config
from clinicaudit.output import JOB
from clinicaudit.urls import strip_credentials_in_text
from spiders.site import SiteSpider

if TYPE_CHECKING:
    from clinicaudit.distributed import RedisPlan

STOPPING = ("stopping: the requests in flight finish, then everything fetched is written and the run can be "
            "resumed (press Ctrl-C again to stop at once)")
STOPPING_FORCED = "stopping at once: the files hold whole lines, but this run cannot be resumed"


FORCED_STOP = {"seen": False}  # a second Ctrl-C / SIGTERM: Scrapy stopped the reactor at once
_RECORDED = ("scrapy.downloadermiddlewares.retry", "scrapy.downloadermiddlewares.robotstxt", "scrapy.core.scraper")


def install_log_scrubber() -> None:
    """Every log record, whichever handler Scrapy installs later: `user:password@` stripped from URLs (Scrapy
    prints them in some error messages), and no traceback for a robots.txt that could not be fetched (an expected
    condition, recorded and summarised, not a bug)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "clinicaudit", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if record.name == "scrapy.downloadermiddlewares.robotstxt" and record.exc_info:
            record.exc_info = None
        if record.name == "scrapy-playwright" and record.levelno >= logging.WARNING:
            # a page that failed to render (a timeout, a closed browser): recorded in its page record's `render`
            # and summarised; the log keeps the message, without Playwright's traceback, for -v
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.INFO, "INFO"
        if record.name in _RECORDED and record.levelno >= logging.ERROR:
            # a fetch that failed ("Gave up retrying", "Error downloading"): recorded in pages.jsonl and counted in
            # the summary, so the log keeps it for -v (INFO) instead of printing it as if clinicaudit had failed
            record.levelno, record.levelname = logging.INFO, "INFO"
        if record.name == "scrapy.crawler" and str(record.msg).startswith("Received %(signame)s"):
            # Ctrl-C / SIGTERM: say at once what happens now, whatever the log level.
            forced = "twice" in str(record.msg)
            FORCED_STOP["seen"] = FORCED_STOP["seen"] or forced
            record.msg = STOPPING_FORCED if forced else STOPPING
            record.args = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            return record
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return record
        if "@" in message:
            record.msg, record.args = strip_credentials_in_text(message), None
        return record

    factory.clinicaudit = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


@dataclass
class CrawlResult:
    stats: dict[str, Any]
    out: Path

    @property
    def pages(self) -> int:
        return int(self.stats.get("clinicaudit/pages", 0))

    @property
    def invalid(self) -> int:
        return int(self.stats.get("clinicaudit/invalid_records", 0))

    forced: bool = False  # stopped at once by a second Ctrl-C: not resumable

    @property
    def finish_reason(self) -> str:
        if self.forced:
            return "shutdown"
        return str(self.stats.get("finish_reason", "unknown"))


def build_settings(start_url: str, out: Path, config: Config, log_level: str = "WARNING", *,
                   resume: bool = False, access: Access | None = None, jobs: int | None = None,
                   redis: RedisPlan | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("clinicaudit.settings", priority="project")
    settings.setdict(config.scrapy_settings(), priority="cmdline")
    settings.set("CLINICAUDIT_START_URL", start_url, priority="cmdline")
    settings.set("CLINICAUDIT_OUT", str(out), priority="cmdline")
    settings.set("CLINICAUDIT_CONFIG", config.as_dict(), priority="cmdline")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    settings.set("EXTENSIONS", {"clinicaudit.progress.Progress": 500}, priority="cmdline")
    settings.set("JOBDIR", str(out / JOB), priority="cmdline")
    settings.set("CLINICAUDIT_RESUME", resume, priority="cmdline")
    # credentials: a setting of their own, outside CLINICAUDIT_CONFIG, so that no output file holds them
    settings.set("CLINICAUDIT_ACCESS", (access or Access()).as_setting(), priority="cmdline")
    if jobs is not None:  # not part of the configuration: the number of workers changes nothing in the outputs
        settings.set("CLINICAUDIT_JOBS", max(0, jobs), priority="cmdline")
    rendering = render.setup(config.as_dict())  # RenderError: the CLI checks the options before it gets here
    settings.set("CLINICAUDIT_RENDER", rendering.mode, priority="cmdline")
    settings.set("CLINICAUDIT_RENDER_AVAILABLE", rendering.available, priority="cmdline")
    settings.set("CLINICAUDIT_RENDER_TIMEOUT", rendering.timeout, priority="cmdline")
    for key, value in render.scrapy_settings(rendering).items():
        settings.set(key, value, priority="cmdline")
    if redis is not None:  # --redis: this process collects what the workers fetch (clinicaudit.distributed)
        for key, value in {"CLINICAUDIT_ROLE": "collect", "CLINICAUDIT_REDIS_URL": redis.target.url,
                           "CLINICAUDIT_REDIS_RUN": redis.run_id, "CLINICAUDIT_REDIS_LEASE": redis.lease,
                           "CLINICAUDIT_JOBS": 0, "JOBDIR": None}.items():
            settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(start_url: str, out: Path, config: Config, log_level: str = "WARNING", *,
              resume: bool = False, access: Access | None = None, jobs: int | None = None,
              redis: RedisPlan | None = None) -> CrawlResult:
    """Crawl into `out`. Scrapy's job folder (JOBDIR) is `out/.clinicaudit/job`; with `resume`, the crawl continues
    the interrupted one whose queue and state are there, appending to the output files."""
    settings = build_settings(start_url, out, config, log_level, resume=resume, access=access, jobs=jobs, redis=redis)
    install_log_scrubber()
    process = AsyncCrawlerProcess(settings)
    crawler = process.create_crawler(SiteSpider)
    process.crawl(crawler)
    process.start()
    return CrawlResult(stats=dict(crawler.stats.get_stats() if crawler.stats else {}), out=out,
                       forced=FORCED_STOP["seen"])
