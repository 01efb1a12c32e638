"""Downloader middlewares that make Scrapy's defaults safe for an unattended audit."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, Spider
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.misc import build_from_crawler

from clinicaudit.urls import strip_credentials

logger = logging.getLogger(__name__)

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class OriginMiddleware:
    """Only requests on the crawl's origin (scheme, host and port) are sent.

    Replaces Scrapy's OffsiteMiddleware, which compares host names only, so that a link or redirect to the same
    host on another port or scheme is never fetched.
    """

    def __init__(self, crawler: Any = None) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> OriginMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        # Scrapy 2.13+ passes no spider to a method whose spider argument is optional: it comes from the crawler
        spider = spider or getattr(self.crawler, "spider", None)
        scope = getattr(spider, "scope", None)
        if scope is None or scope.to_fetch(request.url) == request.url:
            return
        raise IgnoreRequest(f"not on the crawled origin: {strip_credentials(request.url)}")


class RFC9309RobotsTxtMiddleware(RobotsTxtMiddleware):
    """robots.txt as RFC 9309 §2.3.1 says: a 4xx answer allows everything, a 5xx answer or an unreachable file
    disallows everything. (Scrapy parses a 5xx error page as if it were a robots.txt file, allowing all.)"""

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        self.crawler.stats.set_value("clinicaudit/robots_status", response.status)
        if response.status >= 500:
            response = response.replace(body=DISALLOW_ALL)
            self.crawler.stats.set_value("clinicaudit/robots_disallow_all", f"robots.txt answered {response.status}")
        elif response.status >= 400:
            response = response.replace(body=b"")
        elif 300 <= response.status < 400:
            # Redirects were followed up to REDIRECT_MAX_TIMES; a redirect still here is "unavailable" (§2.3.1.3).
            response = response.replace(body=b"")
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):
            super()._robots_error(exc, netloc)
            return
        self.crawler.stats.set_value("clinicaudit/robots_disallow_all", f"robots.txt unreachable ({exc.__class__.__name__})")
        key = f"robotstxt/exception_count/{type(exc)}"
        self.crawler.stats.inc_value(key)
        parser = build_from_crawler(self._parserimpl, self.crawler, DISALLOW_ALL)
        deferred: Any = self._parsers[netloc]
        self._parsers[netloc] = parser
        deferred.callback(parser)


class RetryAfterMiddleware(RetryMiddleware):
    """Retries (RETRY_TIMES, default 1) that honour a 429/503 answer's `Retry-After`, waiting at most
    CLINICAUDIT_MAX_RETRY_AFTER seconds (default 10). A longer wait is not waited for: the answer is recorded as
    it came."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("CLINICAUDIT_MAX_RETRY_AFTER", 10.0)

    async def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Any:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        wait = retry_after(response.headers.get(b"Retry-After"))
        if wait is not None and wait > self.max_wait:
            self.crawler.stats.inc_value("clinicaudit/retry_after_too_long")
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        if wait:
            from twisted.internet import reactor
            from twisted.internet.task import deferLater

            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        return retry


def retry_after(value: bytes | None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class ReadFailureMiddleware:
    """A response the spider could not read (its callback raised: a Location header no URL parser accepts, a
    bug) is still one record: its URL with the error kind `error`, instead of vanishing. Under --redis the record
    also releases the worker's lease on the URL, so a page that cannot be read never holds a run open."""

    def process_spider_output(self, response: Any, result: Any, spider: Any = None) -> Any:
        for output in result:
            self._mark(response, output)
            yield output

    async def process_spider_output_async(self, response: Any, result: Any, spider: Any = None) -> Any:
        async for output in result:
            self._mark(response, output)
            yield output

    @staticmethod
    def _mark(response: Any, output: Any) -> None:
        from clinicaudit.items import PageItem

        if isinstance(output, PageItem):
            response.meta["clinicaudit_recorded"] = True

    def process_spider_exception(self, response: Any, exception: Exception, spider: Any = None) -> Any:
        from scrapy.exceptions import IgnoreRequest

        from clinicaudit.items import PageItem
        from clinicaudit.urls import strip_credentials

        if isinstance(exception, IgnoreRequest) or response.meta.get("clinicaudit_recorded"):
            return None
        logger.error("could not read %s (%s: %s); recorded with the error", strip_credentials(response.url),
                     type(exception).__name__, exception)
        from spiders.site import now

        message = f"clinicaudit could not read the response: {type(exception).__name__}: " \
                  f"{strip_credentials(str(exception))}"
        return [PageItem.failed(response.url, response.meta, "error", message, now(), status=response.status)]
