"""Item pipelines: thin adapters from Scrapy to the plain functions that extract, validate and store.

ReadPipeline (100) → page record, content candidate, findings, the page's summary for site rules and the record's
JSON Schema errors, read in worker processes (`clinicaudit.work`); StorePipeline (900) → streamed files, then
site.json and the site rules' findings at the end. Each reads its inputs from settings in `from_crawler`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime, timezone
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from audits import run_site
from audits.config import AuditConfig
from audits.context import SiteContext
from audits.registry import rules
from clinicaudit import __version__, validation
from clinicaudit.discovery import settle, settled_summaries
from clinicaudit.extract import assemble
from clinicaudit.items import PageItem
from clinicaudit.output import WORK, OutputDir, filter_jsonl, read_jsonl
from clinicaudit.work import Reader, read_in_worker, start_worker, warm_up
from clinicaudit.terms import SEVERITIES
from clinicaudit.urls import Scope, strip_credentials

logger = logging.getLogger(__name__)
EMPTY_CLINIC: dict[str, Any] = {"name": None, "url": None, "telephone": None, "email": None, "address": None,
                                "opening_hours": [], "geo": None, "insurance": None, "selling_points": [],
                                "sources": {}}


def page_record(item: PageItem, scope: Scope) -> dict[str, Any]:
    """The pages.jsonl record of an item (credentials stripped from every URL), but its `html` part, which the
    reader adds from the parsed page."""
    return {
        "url": strip_credentials(item.url),
        "public_url": scope.public_url(strip_credentials(item.url)),
        "requested_url": strip_credentials(item.requested_url),
        "redirects": [{"url": strip_credentials(h["url"]), "status": h["status"]} for h in item.redirects],
        "redirect_to": strip_credentials(item.redirect_to) if item.redirect_to else None,
        "status": item.status,
        "error": item.error,
        "content_type": item.content_type,
        "is_html": item.is_html,
        "response_time_ms": item.response_time_ms,
        "size": item.size,
        "depth": item.depth,
        "referrer": strip_credentials(item.referrer) if item.referrer else None,
        "discovered_via": item.discovered_via,
        "fetched_at": item.fetched_at,
        "render": dict(item.render) if item.render is not None else None,
        "sitemap_entries": ([scope.public_url(strip_credentials(u)) for u in item.sitemap_entries]
                            if item.sitemap_entries is not None else None),
    }


def _count_page(stats: Any, record: dict[str, Any]) -> None:
    stats.inc_value("clinicaudit/pages")
    error, status = record.get("error"), record.get("status")
    if status is not None:
        stats.inc_value("clinicaudit/answered")  # an HTTP answer, whatever its status
    if error:
        stats.inc_value(f"clinicaudit/errors/{error.get('kind')}")
    elif status is not None and status >= 400:
        stats.inc_value(f"clinicaudit/status/{status}")


class _Base:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.config: dict[str, Any] = crawler.settings.getdict("CLINICAUDIT_CONFIG")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)

    @property
    def scope(self) -> Scope:
        return self.crawler.spider.scope  # type: ignore[union-attr]


def default_jobs() -> int:
    """Worker processes that read pages: one per core this process may run on. The crawl's own process keeps about
    half a core busy (fetching, parsing each page for its links, writing), so one worker fewer than the cores leaves
    the rest idle: on 2 cores, 2 workers audit the bench's 2,000 pages in 40-43 s, 1 worker in 54 s, 3 in 48 s
    (docs/performance.md)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores)


# Sent by the store once every page is read, before it assembles the site. Scrapy closes pipelines in reverse order,
# so the store's `close_spider` (site assembly, the site rules) runs before the reader's: on this signal the readers'
# processes end first, and their memory is not held through the site's assembly.
pages_read = object()


class ReadPipeline(_Base):
    """Each fetched URL read by `clinicaudit.work.Reader` (page record, extraction, page rules, summary,
    validation) in `CLINICAUDIT_JOBS` worker processes, so that the crawl never waits on the audit's CPU; 0 reads
    in the crawl's own process. Results are handed on in the order the spider yielded the items, whatever order
    the workers finish in, so that the output files do not depend on the number of workers."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        jobs = crawler.settings.get("CLINICAUDIT_JOBS")
        self.jobs = default_jobs() if jobs is None else max(0, int(jobs))
        self.reader: Reader | None = None
        self.pool: ProcessPoolExecutor | None = None
        self.next_in = 0  # the sequence number of the next item in
        self.next_out = 0  # the sequence number of the next item to hand on
        self.waiting: dict[int, tuple[Deferred, PageItem, dict[str, Any] | None]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.stop_readers, signal=pages_read)
        return pipeline

    def stop_readers(self) -> None:
        """End the worker processes (every item is read by the time the pipelines close)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None
            logger.info("every page is read: the %d reader processes have ended", self.jobs)

    def open_spider(self) -> None:
        scope = getattr(self.crawler.spider, "scope", None)
        if scope is None:
            return  # another spider run with the project's settings: it yields no PageItem to read
        self.reader = Reader(scope.start_url, scope.site_url, tuple(scope.extra_hosts), self.config)
        if self.jobs:
            self.pool = self._new_pool()
            for _ in range(self.jobs):  # start the workers now: their imports overlap the first fetches
                self.pool.submit(warm_up)

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn: a worker starts from a fresh interpreter, never a fork of the reactor's threads
        return ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=start_worker, initargs=(self.reader,))

    def close_spider(self) -> None:
        self.stop_readers()

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem) or self.reader is None or item.record is not None:
            return item  # (a record already read: a worker's result, collected from Redis)
        seq, self.next_in = self.next_in, self.next_in + 1
        done: Deferred = Deferred()
        self.waiting[seq] = (done, item, None)
        base = page_record(item, self.scope)
        html = item.html if item.page is not None else None  # what the spider parsed as a page (not robots.txt)
        if self.pool is not None and html is not None:
            item.page = None  # the worker parses the body; the crawl's tree is not kept
            self._submit(seq, item, base, html)
        else:
            self._settle(seq, self._read_here(item, base, html))
        return await maybe_deferred_to_future(done)

    def _submit(self, seq: int, item: PageItem, base: dict[str, Any], html: str) -> None:
        pool = self.pool
        try:
            future = pool.submit(read_in_worker, base, html, item.headers,  # type: ignore[union-attr]
                                 item.raw_html, self.scope.start_url)
        except BrokenProcessPool:
            self._restart_pool(pool)
            self._settle(seq, self._read_here(item, base, html))
            return
        from twisted.internet import reactor

        future.add_done_callback(lambda f: reactor.callFromThread(self._finished, seq, item, base, html, f, pool))

    def _finished(self, seq: int, item: PageItem, base: dict[str, Any], html: str, future: Future,
                  pool: ProcessPoolExecutor | None = None) -> None:
        try:
            result = future.result()
        except BrokenProcessPool:
            logger.info("reading %s in the crawl's process: its worker stopped", item.url)
            self._restart_pool(pool)
            result = self._read_here(item, base, html)
        except Exception as exc:  # noqa: BLE001 - one page's failure must not lose it, nor stop the crawl
            logger.error("reading %s failed in a worker (%s: %s); reading it in the crawl's process",
                         item.url, type(exc).__name__, exc)
            result = self._read_here(item, base, html)
        for name, level, message in result.pop("log", []):
            logging.getLogger(name).log(level, "%s", message)
        self._settle(seq, result)

    def _restart_pool(self, broken: ProcessPoolExecutor | None) -> None:
        """A new pool for a broken one (once: every page the broken pool held reports the same break)."""
        if broken is None or broken is not self.pool:
            return
        logger.error("a worker process stopped: the pages it held are read in the crawl's process, and new workers "
                     "take over")
        self.crawler.stats.inc_value("clinicaudit/worker_restarts")
        broken.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool() if self.jobs else None

    def _read_here(self, item: PageItem, base: dict[str, Any], html: str | None) -> dict[str, Any]:
        self.reader.follow(self.scope.start_url)  # type: ignore[union-attr]
        try:
            page = item.page if html is not None else None
            return self.reader.read(base, html, item.headers, page=page,  # type: ignore[union-attr]
                                    raw_html=item.raw_html)
        except Exception:  # noqa: BLE001 - the URL is still recorded, without what could not be read
            logger.exception("reading %s failed; its record is kept without its content and findings", item.url)
            record = {**base, "html": None}
            return {"record": record, "content": None, "findings": [], "failed": ["read"], "summary": None,
                    "record_errors": validation.errors(record, "page")}

    def _settle(self, seq: int, result: dict[str, Any]) -> None:
        done, item, _ = self.waiting[seq]
        self.waiting[seq] = (done, item, result)
        while self.next_out in self.waiting and self.waiting[self.next_out][2] is not None:
            done, item, result = self.waiting.pop(self.next_out)
            self.next_out += 1
            item.page = item.raw_html = None
            item.record = result["record"]
            item.content = result["content"]
            item.findings = result["findings"]
            item.summary = result["summary"]
            item.record_errors = result["record_errors"]
            for rule_id in result["failed"]:
                self.crawler.stats.inc_value(f"clinicaudit/rule_errors/{rule_id}")
            done.callback(item)


class StorePipeline(_Base):
    """Streams page records to `pages.jsonl` (invalid ones to `invalid.jsonl`) and content candidates to a work
    spool; at the end writes `site.json` and `run.json`. Without CLINICAUDIT_OUT it only hands the record on,
    so `scrapy crawl site -O pages.jsonl` exports page records."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        out = crawler.settings.get("CLINICAUDIT_OUT")
        self.out = OutputDir(out) if out else None
        self.started = datetime.now(timezone.utc)
        self.redirects: dict[str, str] = {}
        self.discovered: dict[str, dict[str, Any]] = {}  # how URLs were found, settled: the summaries' part

    def open_spider(self) -> None:
        if self.out is None:
            return
        resuming = self.crawler.settings.getbool("CLINICAUDIT_RESUME")
        previous = self._prepare_resume() if resuming else {}
        mode = "a" if resuming else "w"
        self.pages = self.out.jsonl("pages.jsonl", mode)
        self.findings = self.out.jsonl("findings.jsonl", mode)
        self.invalid = self.out.jsonl("invalid.jsonl", mode)
        self.spool = self.out.jsonl(f"{WORK}/content.jsonl", mode)
        self.summaries = self.out.jsonl(f"{WORK}/summaries.jsonl", mode)
        if previous.get("started"):
            self.started = datetime.fromisoformat(previous["started"])
        self.run = {
            "site": self.scope.public_root, "crawled_url": self.scope.root, "started": self.started.isoformat(),
            "finished": None, "complete": False, "finish_reason": None,
            "tool": {"name": "clinicaudit", "version": __version__},
            "config_digest": hashlib.sha256(json.dumps(self.config, sort_keys=True).encode()).hexdigest()[:16],
            "pages": 0, "counts": {},
            "rules": AuditConfig.from_config(self.config).states(),
        }
        if resuming:
            self.run["resumed"] = [*previous.get("resumed", []), datetime.now(timezone.utc).isoformat()]
        self.out.write_json("run.json", self.run)

    def _prepare_resume(self) -> dict[str, Any]:
        """Before a resumed run appends to the output files: drop what the interrupted run's close wrote from
        incomplete data (the site rules' findings, the site-level records in invalid.jsonl; site.json is written
        again at the end), and count what is there, so that the totals cover both runs.
        Returns the interrupted run's run.json."""
        site_rules = {rid for rid, rule in rules().items() if rule.meta.scope == "site"}
        filter_jsonl(self.out.path("findings.jsonl"), lambda f: f.get("rule") not in site_rules)
        filter_jsonl(self.out.path("invalid.jsonl"), lambda r: r.get("type") == "page" or (
            r.get("type") == "finding" and (r.get("record") or {}).get("rule") not in site_rules))
        stats = self.crawler.stats  # (a torn last line is skipped here, and cut when the file is opened to append)
        for page in read_jsonl(self.out.path("pages.jsonl")):
            _count_page(stats, page)
        for finding in read_jsonl(self.out.path("findings.jsonl")):
            stats.inc_value(f"clinicaudit/findings/{finding.get('severity')}")
        for record in read_jsonl(self.out.path("invalid.jsonl")):
            stats.inc_value("clinicaudit/invalid_records")
            if record.get("type") == "page":
                _count_page(stats, record.get("record") or {})
        try:
            previous = json.loads(self.out.path("run.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = {}
        return previous if isinstance(previous, dict) else {}

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem) or item.record is None:
            return item
        stats = self.crawler.stats
        errors = item.record_errors
        _count_page(stats, item.record)
        for hop in item.redirects:  # site.json matches menu links through the redirects the crawl followed
            if item.status == 200 and item.is_html:
                self.redirects[self.scope.public_url(strip_credentials(hop["url"]))] = item.record["public_url"]
        if self.out is not None:
            if errors:
                self.invalid.write({"type": "page", "id": item.record["url"], "errors": errors, "record": item.record})
                stats.inc_value("clinicaudit/invalid_records")
            else:
                self.pages.write(item.record)
            if item.content is not None:
                self.spool.write(item.content)
            if item.summary is not None:
                self.summaries.write(item.summary)
            for finding in item.findings:
                self.write_finding(finding)
        return item.record

    def write_finding(self, finding: dict[str, Any]) -> None:
        errors = validation.errors(finding, "finding")
        if errors:
            self.invalid.write({"type": "finding", "id": f"{finding.get('rule')} {finding.get('url')}",
                                "errors": errors, "record": finding})
            self.crawler.stats.inc_value("clinicaudit/invalid_records")
            return
        self.findings.write(finding)
        self.crawler.stats.inc_value(f"clinicaudit/findings/{finding['severity']}")

    def close_spider(self) -> None:
        if self.out is None:
            return
        self.pages.close()
        self.spool.close()
        self.summaries.close()
        self.crawler.signals.send_catch_log(signal=pages_read)  # the readers end before the site is assembled
        try:
            self.settle_discovery()
            site = self.write_site()
            self.run_site_rules(site)
        finally:
            self.findings.close()
            self.invalid.close()

    def settle_discovery(self) -> None:
        """How each URL was found, from the whole crawl's graph (clinicaudit.discovery); should it fail (a full
        disk), the records keep what the crawl gave them and the run goes on to its site rules."""
        spider = self.crawler.spider
        began = time.process_time()
        try:
            self.discovered = settle(self.out.path("pages.jsonl"), self.out.path(f"{WORK}/summaries.jsonl"),
                                     self.scope.public_url, follow_links=getattr(spider, "follow_links", True),
                                     max_redirects=getattr(spider, "max_redirects", 10))
        except Exception:  # noqa: BLE001 - the crawl's records stand as written
            logger.exception("could not settle how each URL was found; pages.jsonl keeps the crawl's order")
            return
        logger.info("how each URL was found: settled over the crawl's graph, %d records changed (%.2f s of CPU)",
                    len(self.discovered), time.process_time() - began)

    def spider_closed(self, spider: Any, reason: str) -> None:
        """run.json's last word: a run that did not finish (Ctrl-C, a limit, an error) stays marked incomplete, and
        keeps its work spool for `--resume`; a finished one drops the spool."""
        if self.out is None:
            return
        if reason == "finished":
            for name in ("content.jsonl", "summaries.jsonl"):
                self.out.path(f"{WORK}/{name}").unlink(missing_ok=True)
        stats = self.crawler.stats
        self.run.update(finished=datetime.now(timezone.utc).isoformat(), complete=reason == "finished",
                        finish_reason=reason, pages=self.pages.count,
                        counts={s: stats.get_value(f"clinicaudit/findings/{s}", 0) for s in SEVERITIES},
                        limits=limits_reached(stats, reason), render=render_summary(self.crawler.settings, stats))
        if self.crawler.settings.get("CLINICAUDIT_ROLE") == "collect":
            self.run["distributed"] = distributed_summary(self.crawler.settings, stats)
        self.out.write_json("run.json", self.run)

    def run_site_rules(self, site: dict[str, Any]) -> None:
        spool = self.out.path(f"{WORK}/summaries.jsonl")
        audit = AuditConfig.from_config(self.config)
        traps = [{**t, "example": self.scope.public_url(t["example"]),
                  "referrer": self.scope.public_url(t["referrer"]) if t["referrer"] else None}
                 for t in getattr(self.crawler.spider, "traps", {}).values()]
        ctx = SiteContext(summaries=lambda: settled_summaries(read_jsonl(spool), self.discovered), site=site,
                          home_url=self.scope.public_root, options=audit.options(), traps=traps)
        failed: list[str] = []
        for finding in run_site(ctx, audit, failed):
            self.write_finding(finding.as_dict())
        for rule_id in failed:
            self.crawler.stats.inc_value(f"clinicaudit/rule_errors/{rule_id}")

    def write_site(self) -> dict[str, Any]:
        stats = self.crawler.stats
        spool = self.out.path(f"{WORK}/content.jsonl")
        content = assemble(lambda: read_jsonl(spool), self.config, self.scope.public_root, self.redirects)
        site = {
            "site": {"url": self.scope.root, "site_url": self.scope.public_root if self.scope.site_url else None,
                     "crawled_at": self.started.isoformat(timespec="seconds"), "pages": self.pages.count,
                     "tool": {"name": "clinicaudit", "version": __version__}},
            "clinic": content["clinic"], "services": [], "conditions": [],
        }
        for kind, schema in (("services", "service"), ("conditions", "condition")):
            for record in content[kind]:
                errors = validation.errors(record, schema)
                if errors:
                    self.invalid.write({"type": schema, "id": record.get("id"), "errors": errors, "record": record})
                    stats.inc_value("clinicaudit/invalid_records")
                else:
                    site[kind].append(record)
        clinic_errors = validation.errors(site["clinic"], "clinic")
        if clinic_errors:
            self.invalid.write({"type": "clinic", "id": "clinic", "errors": clinic_errors, "record": site["clinic"]})
            stats.inc_value("clinicaudit/invalid_records")
            site["clinic"] = EMPTY_CLINIC
        site_errors = validation.errors(site, "site")
        if site_errors:
            self.invalid.write({"type": "site", "id": "site.json", "errors": site_errors, "record": site["site"]})
            stats.inc_value("clinicaudit/invalid_records")
        stats.set_value("clinicaudit/services", len(site["services"]))
        stats.set_value("clinicaudit/conditions", len(site["conditions"]))
        self.out.write_json("site.json", site)
        return site


def render_summary(settings: Any, stats: Any) -> dict[str, Any]:
    """run.json's `render`: the mode, the pages rendered, those read as served after a failure (by kind) or for
    want of Chromium, the requests blocked, the browser's restarts (docs/rendering.md)."""
    all_stats = stats.get_stats()
    return {"mode": settings.get("CLINICAUDIT_RENDER", "none"),
            "rendered": all_stats.get("clinicaudit/rendered", 0),
            "failed": {k.split("/")[-1]: v for k, v in sorted(all_stats.items())
                       if k.startswith("clinicaudit/render_errors/")},
            "no_chromium": all_stats.get("clinicaudit/render_unavailable", 0),
            "blocked_requests": all_stats.get("clinicaudit/render_blocked_requests", 0),
            "browser_restarts": all_stats.get("clinicaudit/browser_crashes", 0),
            "browser_started": all_stats.get("playwright/browser_count", 0) > 0}


def distributed_summary(settings: Any, stats: Any) -> dict[str, Any]:
    """run.json's `distributed` (--redis): the run's id in Redis, the most workers seen at once, the requests put
    back after a worker's lease ran out, those recorded as lost, the results dropped as a second copy of a URL
    (docs/distributed.md)."""
    all_stats = stats.get_stats()
    return {"run": settings.get("CLINICAUDIT_REDIS_RUN"),
            "workers": all_stats.get("clinicaudit/distributed/workers", 0),
            "requeued": all_stats.get("clinicaudit/distributed/requeued", 0),
            "lost": all_stats.get("clinicaudit/distributed/lost", 0),
            "duplicates_dropped": all_stats.get("clinicaudit/distributed/duplicates_dropped", 0)}


def limits_reached(stats: Any, reason: str) -> dict[str, int]:
    """The crawl limits this run reached, each with the number of URLs it left out (the time limit: 1)."""
    limits = {"max_pages": stats.get_value("clinicaudit/skipped_max_pages", 0),
              "max_depth": stats.get_value("clinicaudit/skipped_max_depth", 0),
              "max_per_pattern": stats.get_value("clinicaudit/skipped_trap", 0),
              "time": int(reason == "closespider_timeout")}
    return {name: n for name, n in limits.items() if n}
