"""Run one crawl in this process (a Twisted reactor cannot restart: one crawl per process)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.crawler import AsyncCrawlerProcess
from scrapy.settings import Settings

from clinicaudit.config import Config
from clinicaudit.urls import strip_credentials_in_text
from spiders.site import SiteSpider

class CredentialFilter(logging.Filter):
    """Strips `user:password@` from URLs in every log line (Scrapy prints them in some error messages)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "@" in message:
            record.msg, record.args = strip_credentials_in_text(message), None
        return True


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

    @property
    def finish_reason(self) -> str:
        return str(self.stats.get("finish_reason", "unknown"))


def build_settings(start_url: str, out: Path, config: Config, log_level: str = "WARNING") -> Settings:
    settings = Settings()
    settings.setmodule("clinicaudit.settings", priority="project")
    settings.setdict(config.scrapy_settings(), priority="cmdline")
    settings.set("CLINICAUDIT_START_URL", start_url, priority="cmdline")
    settings.set("CLINICAUDIT_OUT", str(out), priority="cmdline")
    settings.set("CLINICAUDIT_CONFIG", config.as_dict(), priority="cmdline")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    settings.set("EXTENSIONS", {"clinicaudit.progress.Progress": 500}, priority="cmdline")
    return settings


def run_crawl(start_url: str, out: Path, config: Config, log_level: str = "WARNING") -> CrawlResult:
    settings = build_settings(start_url, out, config, log_level)
    process = AsyncCrawlerProcess(settings)
    for handler in logging.getLogger().handlers:
        handler.addFilter(CredentialFilter())
    crawler = process.create_crawler(SiteSpider)
    process.crawl(crawler)
    process.start()
    return CrawlResult(stats=dict(crawler.stats.get_stats() if crawler.stats else {}), out=out)
