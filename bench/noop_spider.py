"""The floor: a bare Scrapy crawl of the same site that follows links and yields each URL once (an item with its
URL and status), nothing else."""

from __future__ import annotations

import scrapy


class NoopSpider(scrapy.Spider):
    name = "noop"
    custom_settings = {"TELNETCONSOLE_ENABLED": False, "REMOTE_CONTROL_ENABLED": False,
                       "ROBOTSTXT_OBEY": False, "LOG_LEVEL": "INFO", "COOKIES_ENABLED": False, "CONCURRENT_REQUESTS": 8,
                       "CONCURRENT_REQUESTS_PER_DOMAIN": 4}

    def __init__(self, url: str, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [url]
        self.seen: set[str] = {url}

    def parse(self, response):
        yield {"url": response.url, "status": response.status}
        if not hasattr(response, "text"):
            return
        for href in response.xpath("//a/@href").getall():
            url = response.urljoin(href).split("#", 1)[0]
            if url.startswith(self.start_urls[0]) and url not in self.seen:
                self.seen.add(url)
                yield scrapy.Request(url)
