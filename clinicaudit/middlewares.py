"""Downloader middlewares that make Scrapy's defaults safe for an unattended audit."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
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

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
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
