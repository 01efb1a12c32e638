"""SiteSpider: fetch a clinic's site from its start URL and sitemaps, follow same-origin links, yield one PageItem
per URL. It records facts only; extraction and judging happen in the item pipelines."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from fnmatch import fnmatchcase
from typing import Any, AsyncIterator, Iterator
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.python.failure import Failure

from clinicaudit import render
from clinicaudit.items import PageItem
from clinicaudit.page import Page
from clinicaudit.urls import Scope, claim_key, normalize_url, strip_credentials, url_key, url_pattern

HTML_TYPES = ("text/html", "application/xhtml+xml")
# Only a shape with a number or a query can be endless; /services/* pages are distinct words.
_NUMBER_OR_QUERY = re.compile(r"N|\?")
# Bodies that announce another format whatever their Content-Type says.
_BINARY_MAGIC = {b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
                 b"GIF8": "a GIF image", b"PK\x03\x04": "a ZIP archive (or an Office document)",
                 b"\x1f\x8b": "gzip-compressed data"}
# Links followed: anchors, image maps, and canonical links (a canonical's target must be crawled to be judged).
_LINKS_XPATH = ("//a[@href]/@href | //area[@href]/@href"
                " | //link[contains(concat(' ', translate(@rel, 'CANONIL', 'canonil'), ' '), ' canonical ')]/@href")
_SKIP_HEADERS = frozenset({"set-cookie", "cookie", "authorization", "proxy-authorization"})
ERROR_KINDS = (
    ("TimeoutError", "timeout"),
    ("DownloadTimeoutError", "timeout"),
    ("TCPTimedOutError", "timeout"),
    ("DNSLookupError", "dns"),
    ("CannotResolveHostError", "dns"),  # Scrapy 2.14+ wraps Twisted's errors in its own
    ("ConnectionRefusedError", "connection-refused"),
    ("DownloadConnectionRefusedError", "connection-refused"),
    ("ResponseDataLossError", "connection-lost"),
    ("ConnectError", "connection"),
    ("ConnectionLost", "connection-lost"),
    ("ResponseNeverReceived", "connection-lost"),
    ("ResponseFailed", "connection-lost"),
    ("DownloadCancelledError", "too-large"),
    ("CancelledError", "cancelled"),
)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class SiteSpider(scrapy.Spider):
    """Crawl one site. Settings (all `CLINICAUDIT_*`): START_URL (or `-a url=`), SITE_URL, EXTRA_HOSTS, MAX_PAGES,
    MAX_DEPTH, MAX_REDIRECTS."""

    name = "site"

    def __init__(self, url: str | None = None, site_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._url_arg = url
        self._site_url_arg = site_url

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        start = spider._url_arg or settings.get("CLINICAUDIT_START_URL")
        if not start:
            raise ValueError("no start URL: pass -a url=URL or set CLINICAUDIT_START_URL")
        spider.scope = Scope(
            start,
            site_url=spider._site_url_arg or settings.get("CLINICAUDIT_SITE_URL") or None,
            extra_hosts=tuple(settings.getlist("CLINICAUDIT_EXTRA_HOSTS")),
        )
        spider.max_pages = settings.getint("CLINICAUDIT_MAX_PAGES", 500)
        spider.max_depth = settings.getint("CLINICAUDIT_MAX_DEPTH", 10)
        spider.max_redirects = settings.getint("CLINICAUDIT_MAX_REDIRECTS", 10)
        spider.max_per_pattern = settings.getint("CLINICAUDIT_MAX_PER_PATTERN", 50)
        spider.url_filter = UrlFilter(settings.getlist("CLINICAUDIT_INCLUDE"), settings.getlist("CLINICAUDIT_EXCLUDE"))
        spider.url_list = settings.getlist("CLINICAUDIT_URLS")
        spider.sitemap_only = settings.getbool("CLINICAUDIT_SITEMAP_ONLY")
        # --urls and --sitemap-only audit the pages named, not the pages those link to
        spider.follow_links = not (spider.url_list or spider.sitemap_only)
        spider.pattern_counts: dict[str, int] = {}
        # the depth each URL shape was first met at: a shape met again deeper keeps producing URLs (a trap's mark)
        spider.pattern_depths: dict[str, int] = {}
        spider.traps: dict[str, dict[str, Any]] = {}  # URL patterns cut by the per-pattern limit
        spider.seen: set[bytes] = set()
        spider.too_deep: set[bytes] = set()
        spider.counters = {"scheduled": 0}
        # --render: none, js or auto (clinicaudit.render); whether Chromium is there to do it
        spider.render_mode = settings.get("CLINICAUDIT_RENDER", "none")
        spider.can_render = settings.getbool("CLINICAUDIT_RENDER_AVAILABLE")
        spider.render_timeout = settings.getfloat("CLINICAUDIT_RENDER_TIMEOUT", render.DEFAULT_TIMEOUT)
        # --redis (clinicaudit.distributed): "collect" publishes the run and collects the workers' results;
        # "worker" fetches from the run's shared queue; "local" is a run on one machine
        spider.role = settings.get("CLINICAUDIT_ROLE", "local")
        if spider.role != "local":  # (imported only then: scrapy-redis and redis are no part of a local run)
            from clinicaudit import distributed

            spider.redis_run = distributed.attach(crawler)
        else:
            spider.redis_run = None
        spider.worker_id = settings.get("CLINICAUDIT_WORKER_ID", "")
        spider.stopping = False
        spider.progress_note = ""
        return spider

    def redis_lost(self, exc: BaseException) -> None:
        """Redis went away: the run stops (the collector with exit 2; `--resume` continues it)."""
        if self.stopping:
            return
        self.stopping = True
        from clinicaudit import distributed

        self.logger.error("lost the connection to Redis at %s (%s): the run stops",
                          distributed.redact(self.crawler.settings.get("CLINICAUDIT_REDIS_URL") or ""), exc)
        self.crawler.engine.close_spider(self, "redis-lost")

    @property
    def scheduled(self) -> int:
        """Page requests scheduled so far: the budget `max_pages` bounds."""
        return self.counters["scheduled"]

    @scheduled.setter
    def scheduled(self, value: int) -> None:
        self.counters["scheduled"] = value

    def _resume_state(self) -> bool:
        """With a job folder (JOBDIR: `clinicaudit audit --resume`), Scrapy keeps `self.state` across runs, and its
        scheduler keeps the queue. The crawl's own bookkeeping — the URLs claimed, the page budget, the per-pattern
        counts, the traps — lives in that state by reference, so what Scrapy saves at close is always current.
        True when this run continues an interrupted one."""
        state = getattr(self, "state", None)
        if state is None:
            return False
        saved = state.get("clinicaudit")
        if saved is None:
            state["clinicaudit"] = {"seen": self.seen, "pattern_counts": self.pattern_counts, "traps": self.traps,
                                    "counters": self.counters, "pattern_depths": self.pattern_depths}
            return False
        self.seen, self.pattern_counts = saved["seen"], saved["pattern_counts"]
        self.pattern_depths = saved.setdefault("pattern_depths", {})
        self.traps, self.counters = saved["traps"], saved["counters"]
        return True

    # -- scheduling -------------------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        if self.role == "worker":
            return  # the run's requests come from its queue in Redis
        if self.role == "collect":
            from clinicaudit import distributed

            async for item in distributed.collect(self, self._seeds()):
                yield item
            return
        if self._resume_state():
            # The start page, robots.txt and the sitemaps were fetched before; the queue holds what is left.
            self.logger.info("resuming: %d URLs claimed, %d pages scheduled", len(self.seen), self.scheduled)
            return
        for request in self._seeds():
            yield request

    def _seeds(self) -> Iterator[scrapy.Request]:
        """The first requests: the start URL (or the --urls list), robots.txt and /sitemap.xml."""
        root = self.scope.root
        if self.url_list:
            for url in self.url_list:
                url = urljoin(root, url)
                if self.scope.to_fetch(url) is None:
                    self.crawler.stats.inc_value("clinicaudit/skipped_off_site_list")
                    self.logger.warning("--urls: %s is not on the audited site; left out", strip_credentials(url))
                    continue
                for req in self._page_request(url, depth=0, referrer=None, via="list"):
                    yield req
            return
        if not self.sitemap_only:
            for req in self._page_request(self.scope.start_url, depth=0, referrer=None, via="start"):
                req.meta["is_start"] = True
                yield req
        # Sitemaps: /sitemap.xml and those named in robots.txt. Neither is a page, so neither counts as one.
        for request in self._site_files(root):
            yield request

    def _site_files(self, root: str) -> Iterator[scrapy.Request]:
        """robots.txt (for its Sitemap lines) and /sitemap.xml of the site at `root`; neither counts as a page."""
        robots = urljoin(root, "/robots.txt")
        if self._claim(robots):  # a page may link to it too: one URL, one record
            yield scrapy.Request(robots, callback=self.parse_robots, errback=self.on_error,
                                 meta={"dont_obey_robotstxt": True, "via": "robots.txt", "depth": 0,
                                       "dont_redirect": True, "handle_httpstatus_all": True,
                                       "clinicaudit_claim": url_key(robots).hex()},
                                 dont_filter=True, priority=10)
        sitemap = urljoin(root, "/sitemap.xml")
        if self._claim(sitemap):  # robots.txt may name it too: one URL, one record
            yield self._sitemap_request(sitemap, referrer=None)

    def _claim(self, url: str) -> bool:
        key = claim_key(url)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def _page_request(self, url: str, depth: int, referrer: str | None, via: str,
                      chain: list[dict[str, Any]] | None = None) -> Iterator[scrapy.Request]:
        target = self.scope.to_fetch(url)
        if target is not None and depth > self.max_depth:
            key = url_key(target)
            if key not in self.seen and key not in self.too_deep and len(self.too_deep) < 100_000:
                self.too_deep.add(key)  # each URL left out by the depth limit counted once
                self.crawler.stats.inc_value("clinicaudit/skipped_max_depth")
            return
        if target is None:
            return
        if via not in ("start", "list") and not self.url_filter.allows(target):
            if self._claim(target):
                self.crawler.stats.inc_value("clinicaudit/skipped_filtered")
            return
        if not self._claim(target):
            return
        if self.scheduled >= self.max_pages:
            self.crawler.stats.inc_value("clinicaudit/skipped_max_pages")
            return
        pattern = url_pattern(target)
        count = self.pattern_counts.get(pattern, 0)
        # A trap keeps producing URLs of one shape as the crawl goes deeper (a calendar's "next month", a new session
        # id in every link); URLs of one shape listed on one page or in a sitemap are a finite list, all met at one
        # depth, and are crawled up to max_pages. So the cap holds only for a shape met again deeper than first.
        first = self.pattern_depths.get(pattern)
        if first is None and len(self.pattern_depths) < 100_000:
            self.pattern_depths[pattern] = first = depth
        deepening = first is not None and depth > first
        if deepening and count >= self.max_per_pattern and _NUMBER_OR_QUERY.search(pattern):
            trap = self.traps.setdefault(pattern, {"pattern": pattern, "skipped": 0, "example": target,
                                                   "referrer": referrer})
            trap["skipped"] += 1
            self.crawler.stats.inc_value("clinicaudit/skipped_trap")
            return
        if len(self.pattern_counts) < 100_000:
            self.pattern_counts[pattern] = count + 1
        self.scheduled += 1
        yield scrapy.Request(
            target, callback=self.parse, errback=self.on_error, dont_filter=True, priority=-depth,
            method="HEAD" if is_file_url(target) else "GET",
            meta={"depth": depth, "referrer": referrer, "via": via, "chain": chain or [], "dont_redirect": True,
                  "handle_httpstatus_all": True, "clinicaudit_claim": url_key(target).hex(),
                  "clinicaudit_budget": True},
        )

    def _sitemap_request(self, url: str, referrer: str | None) -> scrapy.Request:
        target = self.scope.to_fetch(url) or url
        return scrapy.Request(target, callback=self.parse_sitemap, errback=self.on_error, dont_filter=True,
                              priority=5, meta={"via": "sitemap-file", "depth": 0, "referrer": referrer,
                                                "dont_redirect": True, "handle_httpstatus_all": True, "chain": [],
                                                "clinicaudit_claim": url_key(target).hex()})

    # -- callbacks --------------------------------------------------------------------------------------------

    def parse(self, response: Response) -> Iterator[Any]:
        request = response.request
        if request is not None and request.method == "HEAD":
            content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
            if response.status in (405, 501) or (response.status == 200 and _declared_html(content_type)):
                # a server that refuses HEAD, or a "file" that is a page after all: fetched again with GET
                keep = ("depth", "referrer", "via", "chain", "dont_redirect", "handle_httpstatus_all", "is_start",
                        "requested_url", "clinicaudit_lease")
                meta = {k: request.meta[k] for k in keep if k in request.meta}
                meta["head_refused"] = response.status in (405, 501)
                yield scrapy.Request(request.url, callback=self.parse, errback=self.on_error, dont_filter=True,
                                     priority=request.priority, meta=meta)
                return
            self.crawler.stats.inc_value("clinicaudit/files_checked_with_head")
        elif response.meta.get("head_refused"):
            self.crawler.stats.inc_value("clinicaudit/files_checked_with_get")
        item = self._item(response)
        if item.redirect_to is not None:
            yield item
            yield from self._follow_redirect(response, item)
            return
        if item.is_html:
            page = item.page = self._parse(item)
            reason = self._render_reason(item, page)
            if reason is not None:
                if self.can_render:
                    yield self._render_request(response, item, page, reason)
                    return
                item.render = {"rendered": False, "reason": reason, "error": "no Chromium found"}
                self.crawler.stats.inc_value("clinicaudit/render_unavailable")
            yield from self._page_and_links(item, page, response.meta["depth"])
        else:
            yield item

    def _parse(self, item: PageItem) -> Page:
        return Page.parse(item.url, item.html or "", item.headers, item.status or 0, scope=self.scope)

    def _page_and_links(self, item: PageItem, page: Page, depth: int) -> Iterator[Any]:
        # the links are read before the item goes on: a pipeline may drop the parsed tree (a worker re-parses)
        links = [page.absolute(href) for href in page.root.xpath(_LINKS_XPATH)] if self.follow_links else []
        yield item
        for link in links:
            if link and link.startswith(("http://", "https://")):
                yield from self._page_request(link, depth + 1, referrer=item.url, via="link")

    # -- rendering (clinicaudit.render) ----------------------------------------------------------------------

    def _render_reason(self, item: PageItem, page: Page) -> str | None:
        """Why this raw page is to be rendered, or None: every answered page with --render js, the pages that look
        script-built with --render auto."""
        if self.render_mode == "none" or item.status != 200 or item.error is not None:
            return None
        if self.render_mode == "js":
            return "requested"
        return render.looks_script_built(page)

    def _render_request(self, response: Response, item: PageItem, page: Page, reason: str) -> scrapy.Request:
        """The same URL again, through Chromium; the raw item travels with it (its record if rendering fails)."""
        item.page = None
        meta = {k: response.meta[k] for k in ("depth", "referrer", "via", "chain", "is_start", "requested_url",
                                              "clinicaudit_lease") if k in response.meta}
        meta.update(render.request_meta(reason, render.site_origins(self.scope), render.allowed_origins(page, self.scope),
                                        self.render_timeout))
        meta.update({"clinicaudit_raw": item, "dont_redirect": True, "handle_httpstatus_all": True,
                     "dont_obey_robotstxt": True})  # robots.txt allowed the raw fetch of this very URL
        return scrapy.Request(item.url, callback=self.parse_rendered, errback=self.on_render_error,
                              dont_filter=True, priority=response.request.priority if response.request else 0,
                              meta=meta)

    def parse_rendered(self, response: Response) -> Iterator[Any]:
        """A page as Chromium left it once the network was idle: the raw record's facts (status, headers, timing,
        size) with the rendered HTML; the raw HTML goes on for the comparison."""
        item: PageItem = response.meta["clinicaudit_raw"]
        info = response.meta["clinicaudit_render"]
        methods = response.meta.get("playwright_page_methods") or []
        popups = getattr(methods[0], "result", 0) if methods else 0
        failure = None
        if not info.get("prepared"):
            failure = "the page could not be guarded (requests to other hosts, windows) before it loaded: not used"
        elif response.status != 200 or not isinstance(response, TextResponse):
            failure = f"Chromium got status {response.status} where the raw fetch got 200"
        elif render.origin_key(response.url) not in info["site"]:
            failure = f"the page went to {strip_credentials(response.url)}, off the audited site: not used"
        elif len(response.body) > self.crawler.settings.getint("DOWNLOAD_MAXSIZE"):
            failure = f"the rendered page is {len(response.body)} bytes, over the maximum size: not used"
        if failure is not None:
            yield from self._render_failed(item, response.meta, "render-failed", failure)
            return
        item.raw_html, item.html = item.html, response.text
        item.render = {"rendered": True, "reason": info["reason"], "error": None,
                       "blocked_requests": info["blocked_requests"], "blocked_hosts": list(info["blocked_hosts"]),
                       "popups_blocked": int(popups or 0) + info.get("popups", 0),
                       "browser_crashed": bool(info.get("browser_crashed"))}
        stats = self.crawler.stats
        stats.inc_value("clinicaudit/rendered")
        stats.inc_value("clinicaudit/render_blocked_requests", info["blocked_requests"])
        page = item.page = self._parse(item)
        yield from self._page_and_links(item, page, response.meta["depth"])

    def on_render_error(self, failure: Failure) -> Iterator[Any]:
        """Rendering failed (timeout, browser crash): the raw record is kept, with the error in its `render`, and
        its links are followed."""
        meta = failure.request.meta
        name = failure.type.__name__ if failure.type else "Error"
        message = strip_credentials(str(failure.value)).splitlines()[0] if str(failure.value) else name
        kind = render.error_kind(name, message)
        if kind == "render-crashed":
            self.logger.warning("the browser crashed or closed while rendering %s (%s); it is restarted for the "
                                "next pages", strip_credentials(failure.request.url), message[:200])
        yield from self._render_failed(meta["clinicaudit_raw"], meta, kind, f"{name}: {message}")

    def _render_failed(self, item: PageItem, meta: dict[str, Any], kind: str, message: str) -> Iterator[Any]:
        # The page answered and is read as served: the failure is rendering's (render.error), not the fetch's, so
        # links to the page are not reported broken.
        info = meta["clinicaudit_render"]
        item.render = {"rendered": False, "reason": info["reason"], "error": kind, "message": message[:500],
                       "blocked_requests": info["blocked_requests"], "blocked_hosts": list(info["blocked_hosts"]),
                       "browser_crashed": bool(info.get("browser_crashed"))}
        self.crawler.stats.inc_value(f"clinicaudit/render_errors/{kind}")
        page = item.page = self._parse(item)
        yield from self._page_and_links(item, page, meta["depth"])

    def parse_robots(self, response: Response) -> Iterator[Any]:
        item = self._item(response)
        yield item
        if item.status == 200 and isinstance(response, TextResponse):
            for url in sitemap_urls_from_robots(response.body, base_url=response.url):
                if self.scope.to_fetch(url) and self._claim(self.scope.to_fetch(url)):
                    yield self._sitemap_request(url, referrer=item.url)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        item = self._item(response)
        if item.redirect_to is not None:
            yield item
            target = self.scope.to_fetch(item.redirect_to)
            if target and len(item.redirects) < self.max_redirects and self._claim(target):
                yield self._sitemap_request(target, referrer=item.url)
            return
        if item.status != 200:
            yield item
            return
        body = response.body
        if gzip_magic_number(response):
            try:
                body = gunzip(body, max_size=self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
            except Exception:  # noqa: BLE001 - a corrupt or oversized gzip sitemap is recorded, not fatal
                self.crawler.stats.inc_value("clinicaudit/sitemap_errors")
                yield item
                return
        try:
            sitemap = Sitemap(body)
        except Exception:  # noqa: BLE001 - lxml raises several kinds on malformed XML
            self.crawler.stats.inc_value("clinicaudit/sitemap_errors")
            yield item
            return
        item.sitemap_entries = []
        requests: list[Any] = []
        for entry in sitemap:
            loc = (entry.get("loc") or "").strip()
            if not loc:
                continue
            if sitemap.type != "sitemapindex" and len(item.sitemap_entries) < 50_000:  # the protocol's own cap
                item.sitemap_entries.append(normalize_url(urljoin(response.url, loc)))
            if sitemap.type == "sitemapindex":
                target = self.scope.to_fetch(urljoin(response.url, loc))
                if target and self._claim(target):
                    yield self._sitemap_request(target, referrer=item.url)
            else:
                self.crawler.stats.inc_value("clinicaudit/sitemap_urls")
                requests.extend(self._page_request(urljoin(response.url, loc), depth=1, referrer=item.url,
                                                   via="sitemap"))
        yield item
        yield from requests

    def _follow_redirect(self, response: Response, item: PageItem) -> Iterator[Any]:
        target = item.redirect_to
        assert target is not None
        chain = item.redirects
        hops = {url_key(h["url"]) for h in chain}
        fetch = self.scope.to_fetch(target)
        if fetch is None and response.meta.get("is_start") and self.scope.adopt(target):
            # http://x → https://www.x: the site lives there; its robots.txt and sitemaps too.
            fetch = target
            if self.redis_run is not None:  # the other workers follow the site to its new origin
                from clinicaudit import distributed

                try:
                    self.redis_run.adopt(self.scope.start_url)
                except distributed.REDIS_ERRORS as exc:
                    self.redis_lost(exc)
            yield from self._site_files(self.scope.root)
        if fetch is None:
            item.error = {"kind": "redirect-off-origin",
                          "message": f"redirects off the crawled origin to {strip_credentials(target)}; not followed"}
        elif url_key(fetch) in hops:
            item.error = {"kind": "redirect-loop", "message": "the redirect chain loops back to a URL it already passed"}
        elif len(chain) >= self.max_redirects:
            item.error = {"kind": "too-many-redirects",
                          "message": f"more than {self.max_redirects} redirects in a row; not followed further"}
        else:
            depth = response.meta["depth"]
            if url_key(fetch) in self.seen:
                return  # the target has (or will have) its own record
            self.seen.add(url_key(fetch))
            yield scrapy.Request(
                fetch, callback=self.parse, errback=self.on_error, dont_filter=True, priority=-depth,
                method="HEAD" if is_file_url(fetch) else "GET",
                meta={"depth": depth, "referrer": response.meta.get("referrer"),
                      "via": response.meta.get("via", "link"), "chain": chain, "dont_redirect": True,
                      "handle_httpstatus_all": True, "is_start": response.meta.get("is_start", False),
                      "requested_url": item.requested_url, "clinicaudit_claim": url_key(fetch).hex()},
            )

    def on_error(self, failure: Failure) -> Iterator[PageItem]:
        request = failure.request
        name = failure.type.__name__ if failure.type else "Error"
        kind = next((k for n, k in ERROR_KINDS if n == name), None)
        text = str(failure.value)
        if name == "DownloadFailedError":  # Scrapy's wrapper of the transport's errors: which one is in the text
            lost = ("ConnectionDone", "ConnectionLost", "ResponseNeverReceived", "ResponseFailed")
            kind = "connection-lost" if any(t in text for t in lost) else "connection"
        if kind is None:
            if "robots.txt" in text:
                kind = "robots-disallowed"
            elif "not on the crawled origin" in text:
                kind = "off-origin"
            elif "DOWNLOAD_MAXSIZE" in text or "max size" in text:
                kind = "too-large"  # also the decompressed size of a gzip bomb
            else:
                kind = "error"
        meta = request.meta
        message = strip_credentials(str(failure.value)) or name
        if kind == "too-large" and message in (name, ""):  # a body with no Content-Length cut while it streamed
            limit = request.meta.get("download_maxsize") or self.crawler.settings.getint("DOWNLOAD_MAXSIZE")
            message = f"the body grew past the maximum size of {limit} bytes and was cut off"
        yield PageItem.failed(request.url, meta, kind, f"{name}: {message}", now())

    # -- facts ------------------------------------------------------------------------------------------------

    def _item(self, response: Response) -> PageItem:
        meta = response.meta
        headers = {
            k.decode("latin-1"): b", ".join(v).decode("latin-1")
            for k, v in response.headers.items() if k.decode("latin-1").lower() not in _SKIP_HEADERS
        }
        content_type = headers.get("Content-Type")
        chain = list(meta.get("chain", []))
        redirect_to = None
        location = response.headers.get(b"Location")
        if 300 <= response.status < 400 and location:
            redirect_to = normalize_url(urljoin(response.url, location.decode("latin-1")))
            chain = chain + [{"url": response.url, "status": response.status}]
        binary = _binary_kind(response.body) if redirect_to is None else None
        is_html = redirect_to is None and binary is None and _is_html(response, content_type)
        error = None
        if binary and content_type and _declared_html(content_type):
            declared = content_type.split(";")[0].strip()
            error = {"kind": "content-mismatch",
                     "message": f"served as {declared}, but the body is {binary}: not read as a page"}
        html = None
        if is_html:
            try:
                html = response.text  # type: ignore[attr-defined]
            except (AttributeError, UnicodeDecodeError, LookupError):
                html = response.body.decode("utf-8", "replace")
        latency = meta.get("download_latency")
        return PageItem(
            url=response.url,
            requested_url=meta.get("requested_url", response.url),
            status=response.status,
            headers=headers,
            content_type=content_type,
            depth=meta.get("depth", 0),
            referrer=meta.get("referrer"),
            discovered_via=meta.get("via", "link"),
            fetched_at=now(),
            response_time_ms=round(latency * 1000, 1) if latency is not None else None,
            size=len(response.body) if response.request is None or response.request.method != "HEAD"
            else _content_length(response),
            redirects=chain if redirect_to else list(meta.get("chain", [])),
            redirect_to=redirect_to,
            html=html,
            is_html=is_html,
            error=error,
            lease=meta.get("clinicaudit_lease"),
        )


class UrlFilter:
    """`--include` / `--exclude` globs (docs/cli.md, "Which pages"): a pattern that starts with `http` is matched
    against the whole URL, any other against its path and query (`/blog/*`, `*?replytocom=*`); `*` also matches
    `/`. A URL is crawled when it matches an include pattern (or none is given) and no exclude pattern."""

    def __init__(self, include: list[str], exclude: list[str]) -> None:
        self.include, self.exclude = list(include), list(exclude)

    def allows(self, url: str) -> bool:
        if not self.include and not self.exclude:
            return True
        parts = urlsplit(url)
        local = parts.path + (f"?{parts.query}" if parts.query else "")

        def hit(pattern: str) -> bool:
            return fnmatchcase(url if pattern.startswith(("http://", "https://")) else local, pattern)

        return (not self.include or any(map(hit, self.include))) and not any(map(hit, self.exclude))


# Linked files that are checked (do they answer?) with HEAD and never downloaded nor parsed.
FILE_EXTENSIONS = frozenset(
    "jpg jpeg png gif webp avif svg ico bmp tif tiff heic pdf doc docx xls xlsx ppt pptx odt ods odp rtf csv zip gz "
    "tgz rar 7z mp3 m4a wav ogg oga mp4 m4v webm mov avi wmv woff woff2 ttf otf eot".split())


def is_file_url(url: str) -> bool:
    """A URL whose path ends in a file extension of an image, a document, media, an archive or a font."""
    path = urlsplit(url).path
    name = path.rsplit("/", 1)[-1]
    return "." in name and name.rsplit(".", 1)[1].lower() in FILE_EXTENSIONS


def _content_length(response: Response) -> int:
    try:
        return max(0, int((response.headers.get(b"Content-Length") or b"0").decode("latin-1").strip()))
    except ValueError:
        return 0


def _binary_kind(body: bytes) -> str | None:
    """What a body is by its first bytes, when it is a known binary format."""
    head = body[:8].lstrip()
    return next((kind for magic, kind in _BINARY_MAGIC.items() if head.startswith(magic)), None)


def _declared_html(content_type: str | None) -> bool:
    if not content_type:
        return False
    return content_type.split(";")[0].strip().lower() in HTML_TYPES


def _is_html(response: Response, content_type: str | None) -> bool:
    """HTML by its Content-Type, or by sniffing when it has none (a body in a binary format is never HTML: the
    caller checks that first)."""
    if content_type:
        return _declared_html(content_type)
    # No Content-Type: sniff, as browsers do.
    sniff = response.body[:1024].lstrip().lower()
    return bool(re.match(rb"(\xef\xbb\xbf)?\s*<(!doctype html|html|head|body|!--|meta|title|div|p)\b", sniff))
