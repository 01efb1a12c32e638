"""A crawl shared by workers through Redis, on scrapy-redis (docs/distributed.md).

Roles. The command that starts a run (`clinicaudit audit TARGET --redis URL`) is the **collector**: it publishes the
run (its start URL, configuration and credentials) under keys of its own id, queues the first requests, and then
collects what the workers send back, through its usual pipelines, into the same output folder and history as a run
on one machine; the site rules run there at the end. A **worker** (`clinicaudit worker URL`) joins any run that has
requests queued: a Scrapy crawl whose scheduler is scrapy-redis's, on the run's queue, that fetches, extracts and
audits pages and pushes each page's record, findings and summary to the run's results list.

What scrapy-redis does not do, and this module adds:

- **Leases.** scrapy-redis pops a request and forgets it: a worker killed with it in hand loses it. Here the pop
  (a Lua script, atomic in Redis) moves the request into the run's lease table with a deadline from Redis's own
  clock; the worker renews the deadlines of what it holds every third of the lease; the page's result and the
  removal of its lease are one script. The collector puts back requests whose lease ran out (their worker died or
  hung), at most `MAX_DELIVERIES` times; a request that outlived that many workers is recorded as a page with the
  error `worker-lost` (one URL, one record).
- **Claims.** The duplicate filter is the set of URL keys (clinicaudit.urls.url_key: the crawl's own URL identity,
  which tells no HEAD from GET); a URL is claimed, counted against `--max-pages` and queued in one script, so no
  worker can claim a URL and die before queuing it. A result is kept once per URL (a set of recorded URL keys).
- **JSON, not pickle**, in the queue (clinicaudit.redisjson), checked when read.
- **Follow-ups stay local.** Fetching a page again with GET after a refused HEAD, and rendering it, are done by the
  worker that holds the page's lease, under that lease.
- **The end.** The run is over when its queue, leases and results are empty and every live worker is idle.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, AsyncIterator, Iterator
from urllib.parse import quote, urlsplit, urlunsplit

import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler as RedisScheduler

from clinicaudit import redisjson

logger = logging.getLogger(__name__)

PREFIX = "clinicaudit"
RUNS = f"{PREFIX}:runs"  # the ids of the runs in progress
DEFAULT_LEASE = 30.0  # seconds a worker may hold a request without renewing it
MAX_DELIVERIES = 3  # a request whose worker died this many times is recorded as lost
COLLECTOR_TTL = 30  # seconds the collector's presence lasts unless renewed (it renews it every loop)
PASSWORD_ENV = "CLINICAUDIT_REDIS_PASSWORD"
URL_ENV = "CLINICAUDIT_REDIS_URL"  # how the worker passes the URL (password included) to its crawl: never argv
REDIS_ERRORS = (redis.ConnectionError, redis.TimeoutError)


class DistributedError(ValueError):
    """A Redis URL that cannot be used, a Redis that cannot be reached, a run that is no longer there."""


# -- the Redis URL ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RedisTarget:
    """A Redis URL; the password, from the URL or $CLINICAUDIT_REDIS_PASSWORD, is shown nowhere."""

    url: str

    @classmethod
    def parse(cls, text: str, env: dict[str, str] | None = None) -> RedisTarget:
        env = os.environ if env is None else env
        parts = urlsplit(text.strip())
        if parts.scheme not in ("redis", "rediss", "unix"):
            raise DistributedError(f"a Redis URL is redis://HOST:PORT/DB, not {redact(text)!r}")
        if parts.scheme != "unix" and not parts.hostname:
            raise DistributedError(f"{redact(text)}: no host")
        try:
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError as exc:
            raise DistributedError(f"{redact(text)}: {exc}") from exc
        password = env.get(PASSWORD_ENV)
        if password and parts.password is None and parts.scheme != "unix":
            user = quote(parts.username or "", safe="")
            host = parts.netloc.rpartition("@")[2]  # as written: an IPv6 host keeps its brackets
            text = urlunsplit((parts.scheme, f"{user}:{quote(password, safe='')}@{host}", parts.path, parts.query,
                               parts.fragment))
        return cls(text.strip())

    @property
    def shown(self) -> str:
        return redact(self.url)

    @property
    def without_password(self) -> str:
        """The URL with no password at all (what `--resume` may keep on disk)."""
        parts = urlsplit(self.url)
        if parts.password is None:
            return self.url
        host = parts.netloc.rpartition("@")[2]
        netloc = (f"{parts.username}@" if parts.username else "") + host
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, decode_responses=True, socket_timeout=10, socket_connect_timeout=5,
                                    health_check_interval=15)

    def check(self) -> redis.Redis:
        """A client, after a PING: DistributedError with a message a person can act on."""
        server = self.client()
        try:
            server.ping()
        except redis.AuthenticationError as exc:
            raise DistributedError(f"Redis at {self.shown} refused the password ({exc}); give it in the URL or in "
                                   f"${PASSWORD_ENV}") from exc
        except redis.ResponseError as exc:  # NOAUTH: a password is needed
            raise DistributedError(f"Redis at {self.shown}: {exc}; give the password in ${PASSWORD_ENV}") from exc
        except REDIS_ERRORS as exc:
            raise DistributedError(f"cannot reach Redis at {self.shown}: {exc}") from exc
        return server


@dataclass(frozen=True)
class RedisPlan:
    """How a run is shared: on which Redis, under which id, with which lease."""

    target: RedisTarget
    run_id: str
    lease: float = DEFAULT_LEASE


def new_run_id() -> str:
    return uuid.uuid4().hex[:16]


def redact(url: str) -> str:
    """A Redis URL fit to print: whatever stands before its last `@` (a user and a password, which may hold `/`,
    `?` or `#` unencoded) replaced by `:***`, or `user:***`."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    userinfo, _, host = rest.rpartition("@")
    user = userinfo.split(":", 1)[0] if ":" in userinfo else ""
    if "/" in user or "?" in user or "#" in user:
        user = ""
    return f"{scheme}://{user}:***@{host}"


# -- one run's keys and scripts -----------------------------------------------------------------------------------

_PUSH = """
if ARGV[3] ~= '' then
  if redis.call('SADD', KEYS[2], ARGV[3]) == 0 then return 0 end
  if ARGV[4] ~= '' and redis.call('INCR', KEYS[3]) > tonumber(ARGV[4]) then return -1 end
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
"""
_POP = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('HSET', KEYS[2], ARGV[1], r[2] .. ' ' .. r[1])
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[2]), ARGV[1])
redis.call('HSET', KEYS[4], ARGV[3], 'busy')
return r[1]
"""
_RENEW = """
local t = redis.call('TIME')
local deadline = tonumber(t[1]) + tonumber(t[2]) / 1000000 + tonumber(ARGV[1])
redis.call('SET', KEYS[2], '1', 'PX', math.floor(tonumber(ARGV[1]) * 2000))
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', deadline, ARGV[i]) end
return 1
"""
_RESULT = """
local fresh = 1
if ARGV[2] ~= '' then fresh = redis.call('SADD', KEYS[2], ARGV[2]) end
if fresh == 1 then redis.call('RPUSH', KEYS[1], ARGV[1]) end
for i = 3, #ARGV do
  redis.call('HDEL', KEYS[3], ARGV[i])
  redis.call('ZREM', KEYS[4], ARGV[i])
end
return fresh
"""
_REAP = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)
local requeued, lost = 0, 0
for _, token in ipairs(expired) do
  local v = redis.call('HGET', KEYS[2], token)
  redis.call('HDEL', KEYS[2], token)
  redis.call('ZREM', KEYS[3], token)
  if v then
    local sp = string.find(v, ' ', 1, true)
    local score, data = string.sub(v, 1, sp - 1), string.sub(v, sp + 1)
    if redis.call('HINCRBY', KEYS[4], redis.sha1hex(data), 1) >= tonumber(ARGV[1]) then
      local ok, req = pcall(cjson.decode, data)
      local claim = ok and type(req) == 'table' and type(req.meta) == 'table' and req.meta.clinicaudit_claim
      if type(claim) ~= 'string' or redis.call('SADD', KEYS[6], claim) == 1 then
        redis.call('RPUSH', KEYS[5], data)
        lost = lost + 1
      end
    else
      redis.call('ZADD', KEYS[1], score, data)
      requeued = requeued + 1
    end
  end
end
return {requeued, lost}
"""


class RunKeys:
    def __init__(self, run_id: str) -> None:
        base = f"{PREFIX}:run:{run_id}"
        self.run_id = run_id
        self.spec = f"{base}:spec"  # the run's start URL, configuration, credentials (JSON)
        self.queue = f"{base}:requests"  # scrapy-redis's priority queue (a sorted set)
        self.seen = f"{base}:seen"  # the duplicate filter: URL keys claimed
        self.budget = f"{base}:scheduled"  # page requests claimed, against --max-pages
        self.leases = f"{base}:leases"  # token -> "score request" of the requests workers hold
        self.deadlines = f"{base}:deadlines"  # token -> deadline (Redis time)
        self.delivered = f"{base}:redelivered"  # sha1(request) -> times its lease ran out
        self.lost = f"{base}:lost"  # requests whose workers died MAX_DELIVERIES times
        self.results = f"{base}:results"  # what workers send back (JSON), oldest first
        self.recorded = f"{base}:recorded"  # URL keys whose record was sent
        self.workers = f"{base}:workers"  # worker id -> busy | idle
        self.done = f"{base}:done"  # set when the collector has everything
        self.adopted = f"{base}:adopted"  # the origin the start URL moved to (http://x -> https://www.x)
        self.collector = f"{base}:collector"  # present while the collector runs (it renews it)

    def alive(self, worker: str) -> str:
        return f"{PREFIX}:run:{self.run_id}:alive:{worker}"

    def all(self) -> list[str]:
        return [self.spec, self.queue, self.seen, self.budget, self.leases, self.deadlines, self.delivered,
                self.lost, self.results, self.recorded, self.workers, self.adopted, self.collector]


class RedisRun:
    """One run's state in Redis, and the scripts that change it."""

    def __init__(self, server: redis.Redis, run_id: str, lease: float = DEFAULT_LEASE) -> None:
        self.server = server
        self.keys = RunKeys(run_id)
        self.lease = lease
        self._push = server.register_script(_PUSH)
        self._pop = server.register_script(_POP)
        self._renew = server.register_script(_RENEW)
        self._result = server.register_script(_RESULT)
        self._reap = server.register_script(_REAP)

    # the collector
    def publish(self, spec: dict[str, Any]) -> None:
        pipe = self.server.pipeline()
        pipe.set(self.keys.spec, json.dumps(spec))
        pipe.set(self.keys.collector, "1", ex=COLLECTOR_TTL)
        pipe.sadd(RUNS, self.keys.run_id)
        pipe.delete(self.keys.done)
        pipe.execute()

    def exists(self) -> bool:
        return bool(self.server.exists(self.keys.spec))

    def collecting(self) -> None:
        """The collector is here: workers stay in the run while this key lives (COLLECTOR_TTL)."""
        self.server.set(self.keys.collector, "1", ex=COLLECTOR_TTL)

    def take_result(self) -> str | None:
        return self.server.lpop(self.keys.results)

    def reap(self) -> tuple[int, int]:
        k = self.keys
        requeued, lost = self._reap(keys=[k.queue, k.leases, k.deadlines, k.delivered, k.lost, k.recorded],
                                    args=[MAX_DELIVERIES])
        return int(requeued), int(lost)

    def state(self) -> dict[str, Any]:
        k = self.keys
        pipe = self.server.pipeline(transaction=False)
        pipe.zcard(k.queue).zcard(k.deadlines).llen(k.results).llen(k.lost).hgetall(k.workers).get(k.budget)
        pipe.exists(k.spec).exists(k.seen)
        queued, held, results, lost, workers, budget, spec, seen = pipe.execute()
        alive = {}
        if workers:
            pipe = self.server.pipeline(transaction=False)
            for worker in workers:
                pipe.exists(k.alive(worker))
            alive = dict(zip(workers, pipe.execute()))
        live = {w: s for w, s in workers.items() if alive.get(w)}
        return {"queued": queued, "held": held, "results": results, "lost": lost, "workers": len(live),
                "busy": sum(1 for s in live.values() if s == "busy"), "scheduled": int(budget or 0),
                "gone": not (spec and seen)}

    @staticmethod
    def over(state: dict[str, Any]) -> bool:
        return not (state["queued"] or state["held"] or state["results"] or state["lost"] or state["busy"])

    def finish(self) -> None:
        """Everything collected: workers stop, and the run's keys go (its credentials with them)."""
        pipe = self.server.pipeline()
        pipe.set(self.keys.done, "1", ex=3600)
        pipe.srem(RUNS, self.keys.run_id)
        pipe.delete(*self.keys.all())
        pipe.execute()

    # both
    def push(self, data: str, score: float, claim: str | None, budget: int | None) -> int:
        """Queue a request: 1 queued, 0 its URL was claimed before, -1 claimed but over the page budget."""
        k = self.keys
        return int(self._push(keys=[k.queue, k.seen, k.budget],
                              args=[data, score, claim or "", "" if budget is None else budget]))

    def adopted(self) -> str | None:
        return self.server.get(self.keys.adopted)

    def adopt(self, url: str) -> None:
        self.server.set(self.keys.adopted, url, nx=True)

    # a worker
    def pop(self, token: str, worker: str) -> str | None:
        k = self.keys
        return self._pop(keys=[k.queue, k.leases, k.deadlines, k.workers], args=[token, self.lease, worker])

    def beat(self, worker: str, tokens: list[str]) -> None:
        self._renew(keys=[self.keys.deadlines, self.keys.alive(worker)], args=[self.lease, *tokens])

    def send(self, payload: dict[str, Any], url_key: str | None, tokens: list[str]) -> bool:
        k = self.keys
        return bool(self._result(keys=[k.results, k.recorded, k.leases, k.deadlines],
                                 args=[json.dumps(payload), url_key or "", *tokens]))

    def idle(self, worker: str) -> None:
        self.server.hset(self.keys.workers, worker, "idle")

    def is_done(self) -> bool:
        """The run is over for a worker: finished, gone, or its collector stopped (Ctrl-C, a crash): the worker
        leaves it, and comes back if `--resume` brings the collector back."""
        pipe = self.server.pipeline(transaction=False)
        pipe.exists(self.keys.done).exists(self.keys.spec).exists(self.keys.collector)
        done, spec, collector = pipe.execute()
        return bool(done) or not spec or not collector


def attach(crawler: Any) -> RedisRun | None:
    """The run a crawl takes part in (settings CLINICAUDIT_REDIS_URL / _RUN / _LEASE), or None."""
    url = crawler.settings.get("CLINICAUDIT_REDIS_URL")
    if not url:
        return None
    return RedisRun(RedisTarget(url).client(), crawler.settings.get("CLINICAUDIT_REDIS_RUN"),
                    crawler.settings.getfloat("CLINICAUDIT_REDIS_LEASE", DEFAULT_LEASE))


# -- scrapy-redis, with leases and claims ------------------------------------------------------------------------

class LeasedQueue(PriorityQueue):
    """scrapy-redis's priority queue (a sorted set), with the claim at push and the lease at pop."""

    run: RedisRun

    def push(self, request: Any) -> int:  # type: ignore[override]
        meta = request.meta
        budget = self.spider.max_pages if meta.get("clinicaudit_budget") else None
        return self.run.push(self._encode_request(request), -request.priority, meta.get("clinicaudit_claim"), budget)

    def pop(self, timeout: int = 0) -> Any:
        token = f"{self.worker}:{uuid.uuid4().hex[:12]}"
        data = self.run.pop(token, self.worker)
        if data is None:
            return None
        try:
            request = self._decode_request(data)
        except (ValueError, KeyError, TypeError) as exc:  # not a request this tool queued: refused, not run
            logger.error("a queued entry of run %s is not a request clinicaudit wrote (%s): dropped",
                         self.run.keys.run_id, exc)
            self.run.send({"stats": {"clinicaudit/distributed/refused_entries": 1}}, None, [token])
            return None
        request.meta["clinicaudit_lease"] = token
        return request


class UrlKeyDupeFilter(RFPDupeFilter):
    """scrapy-redis's duplicate filter, on the run's set of URL keys (`SCHEDULER_DUPEFILTER_KEY`). The set is filled
    by LeasedQueue.push, in the script that claims and queues a URL (the claim is the URL key the spider names in
    `clinicaudit_claim`, not scrapy-redis's request fingerprint, which tells HEAD from GET); Scheduler.enqueue_request
    never asks `request_seen`. A worker closing leaves the set alone: the run's keys are the collector's to delete."""

    def close(self, reason: str = "") -> None:
        pass


class Scheduler(RedisScheduler):
    """scrapy-redis's scheduler on one run's queue, with claims, leases and a local queue for the follow-ups of
    the pages this worker holds."""

    def open(self, spider: Any) -> None:
        super().open(spider)
        self.run: RedisRun = spider.redis_run
        self.queue.run = self.run  # type: ignore[attr-defined]
        self.queue.worker = spider.worker_id  # type: ignore[attr-defined]
        self.local: deque[Any] = deque()
        self.held: set[str] = set()  # the lease tokens this worker holds (renewed by WorkerBeat)
        spider.held_leases = self.held
        try:
            adopted = self.run.adopted()
        except REDIS_ERRORS as exc:
            spider.redis_lost(exc)
            return
        if adopted:
            spider.scope.adopt(adopted)

    def close(self, reason: str) -> None:  # the queue is the run's, not this worker's
        pass

    def enqueue_request(self, request: Any) -> bool:
        if request.meta.get("clinicaudit_lease"):  # a follow-up of a page in hand: same lease, this worker
            self.local.append(request)
            return True
        try:
            outcome = self.queue.push(request)
        except REDIS_ERRORS as exc:
            self.spider.redis_lost(exc)
            return False
        if outcome == -1:
            self.stats.inc_value("clinicaudit/skipped_max_pages")
        elif outcome == 1:
            self.stats.inc_value("scheduler/enqueued/redis")
        return outcome == 1

    def next_request(self) -> Any:
        if self.local:
            return self.local.popleft()
        if getattr(self.spider, "stopping", False):
            return None
        try:
            request = self.queue.pop()
        except REDIS_ERRORS as exc:
            self.spider.redis_lost(exc)
            return None
        if request is None:
            return None
        self.stats.inc_value("scheduler/dequeued/redis")
        token = request.meta["clinicaudit_lease"]
        scope = self.spider.scope
        try:
            if scope.to_fetch(request.url) is None:  # another worker followed the start URL to its new origin
                adopted = self.run.adopted()
                if adopted:
                    scope.adopt(adopted)
            if scope.to_fetch(request.url) != request.url:  # not this run's site: refused, never fetched
                logger.error("a queued request of run %s is not on the audited site: dropped",
                             self.run.keys.run_id)
                self.run.send({"stats": {"clinicaudit/distributed/refused_entries": 1}}, None, [token])
                return None
        except REDIS_ERRORS as exc:
            self.spider.redis_lost(exc)
            return None
        self.held.add(token)
        return request

    def has_pending_requests(self) -> bool:
        if self.local:
            return True
        try:
            return len(self.queue) > 0
        except REDIS_ERRORS:
            return False


class ResultPipeline:
    """A worker's last pipeline: each page's record, content, findings and summary go to the run's results, with
    the crawl counters that changed since the last, and the page's lease is released in the same script."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.sent: dict[str, float] = {}
        self.traps_sent: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> ResultPipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.flush, signal=signals.spider_idle)
        return pipeline

    def delta(self) -> dict[str, Any]:
        now = {k: v for k, v in self.crawler.stats.get_stats().items()
               if (k.startswith("clinicaudit/") or k == "playwright/browser_count")
               and isinstance(v, (int, float)) and not isinstance(v, bool)}
        delta = {k: v - self.sent.get(k, 0) for k, v in now.items() if v != self.sent.get(k, 0)}
        self.sent = now
        traps = {}
        for pattern, trap in getattr(self.crawler.spider, "traps", {}).items():
            new = trap["skipped"] - self.traps_sent.get(pattern, 0)
            if new:
                traps[pattern] = {**trap, "skipped": new}
                self.traps_sent[pattern] = trap["skipped"]
        return {"stats": delta, "traps": traps}

    def process_item(self, item: Any) -> Any:
        from clinicaudit.items import PageItem
        from clinicaudit.urls import url_key

        if not isinstance(item, PageItem):
            return item
        spider = self.crawler.spider
        if item.record is None:  # never: the reader always makes a record; its lease is let go all the same
            spider.held_leases.discard(item.lease)
            return item
        payload = {"record": item.record, "content": item.content, "findings": item.findings,
                   "summary": item.summary, "record_errors": item.record_errors, **self.delta()}
        tokens = [item.lease] if item.lease else []
        try:
            fresh = spider.redis_run.send(payload, url_key(item.record["url"]).hex(), tokens)
        except REDIS_ERRORS as exc:
            spider.redis_lost(exc)
            return item
        except Exception as exc:  # noqa: BLE001 - Redis refused it (OOM…) or it could not be written as JSON
            logger.error("could not send the result of %s (%s: %s): its lease is let go, so that the page is "
                         "fetched again elsewhere", item.record.get("url"), type(exc).__name__, exc)
            for token in tokens:
                spider.held_leases.discard(token)
            return item
        for token in tokens:
            spider.held_leases.discard(token)
        if not fresh:
            self.crawler.stats.inc_value("clinicaudit/distributed/duplicates_dropped")
        return item

    def flush(self) -> None:
        """Counters changed since the last page (links left out by a limit after the last page went), sent before
        the worker says it is idle."""
        payload = self.delta()
        spider = self.crawler.spider
        if payload["stats"] or payload["traps"]:
            try:
                spider.redis_run.send(payload, None, [])
            except REDIS_ERRORS as exc:
                spider.redis_lost(exc)


class WorkerBeat:
    """A worker's heartbeat: renews its leases and says it is alive every third of the lease; idle, it says so and
    waits for more (or for the run's end)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.loop: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> WorkerBeat:
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.idle, signal=signals.spider_idle)
        return ext

    def opened(self, spider: Any) -> None:
        from twisted.internet import task

        self.loop = task.LoopingCall(self.beat, spider)
        self.loop.start(max(0.5, spider.redis_run.lease / 3), now=True)

    def closed(self, spider: Any) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()

    def beat(self, spider: Any) -> None:
        run: RedisRun = spider.redis_run
        try:
            run.beat(spider.worker_id, list(getattr(spider, "held_leases", ())))
            done = run.is_done()
        except REDIS_ERRORS as exc:
            spider.redis_lost(exc)
            return
        if done and not spider.stopping:
            spider.stopping = True
            self.crawler.engine.close_spider(spider, "finished")

    def idle(self, spider: Any) -> None:
        if spider.stopping:
            return
        try:
            spider.redis_run.idle(spider.worker_id)
            done = spider.redis_run.is_done()
        except REDIS_ERRORS as exc:
            spider.redis_lost(exc)
            return
        if not done:
            raise DontCloseSpider


# -- the collector -------------------------------------------------------------------------------------------------

def spec_of(settings: Any) -> dict[str, Any]:
    """What a worker needs to take part in the run."""
    return {"version": 1, "start_url": settings.get("CLINICAUDIT_START_URL"),
            "config": settings.getdict("CLINICAUDIT_CONFIG"), "access": settings.getdict("CLINICAUDIT_ACCESS"),
            "lease": settings.getfloat("CLINICAUDIT_REDIS_LEASE", DEFAULT_LEASE)}


async def collect(spider: Any, seeds: Iterator[Any]) -> AsyncIterator[Any]:
    """The collector's side of a run (the spider's `start` in that role): publish the run and its first requests,
    then hand on the workers' results as items until the run is over."""
    from clinicaudit import redisjson as serializer

    crawler = spider.crawler
    run: RedisRun = spider.redis_run
    stats = crawler.stats
    shown = redact(crawler.settings.get("CLINICAUDIT_REDIS_URL"))
    resuming = crawler.settings.getbool("CLINICAUDIT_RESUME")
    try:
        if resuming and not run.server.exists(run.keys.seen):
            logger.error("run %s is no longer in Redis at %s (was Redis restarted without saving?): it cannot be "
                         "resumed; run the audit again", run.keys.run_id, shown)
            spider.stop_reason = "redis-run-gone"
            crawler.engine.close_spider(spider, "redis-run-gone")
            return
        run.publish(spec_of(crawler.settings))
        if not resuming:
            queue = LeasedQueue(run.server, spider, run.keys.queue, serializer=serializer)
            queue.run = run
            for request in seeds:
                if queue.push(request) == -1:
                    stats.inc_value("clinicaudit/skipped_max_pages")
        print(f"run {run.keys.run_id} {'resumed' if resuming else 'queued'} on Redis at {shown}; workers take "
              f"part with: clinicaudit worker {shown}", file=sys.stderr, flush=True)
    except REDIS_ERRORS as exc:
        spider.redis_lost(exc)
        return
    quiet, taken = 0, 0
    while crawler.crawling:  # Ctrl-C: Scrapy stops crawling; what was taken from Redis has been handed on
        try:
            if taken % 100 == 0:
                run.collecting()
            data = run.take_result()  # one at a time: a result leaves Redis only as it is handed on
            if data is not None:
                taken += 1
                item = _result_item(spider, data)
                if item is not None:
                    yield item
                quiet = 0
                continue
            run.collecting()
            requeued, lost = run.reap()
            if requeued:
                stats.inc_value("clinicaudit/distributed/requeued", requeued)
                logger.warning("%d request(s) of a worker that stopped answering went back on the queue", requeued)
            if lost:
                stats.inc_value("clinicaudit/distributed/lost", lost)
                logger.warning("%d request(s) outlived %d workers each and are recorded as lost", lost,
                               MAX_DELIVERIES)
            while crawler.crawling and (data := run.server.lpop(run.keys.lost)) is not None:
                item = _lost_item(data)
                if item is not None:
                    yield item
            adopted = run.adopted()
            if adopted and spider.scope.root != adopted:
                spider.scope.adopt(adopted)
            state = run.state()
            if state["gone"]:  # flushed, evicted, or a Redis restarted without its data: not a finished run
                logger.error("run %s is no longer in Redis at %s (flushed, evicted, or Redis restarted without its "
                             "data): the run stops; run the audit again", run.keys.run_id, shown)
                spider.stopping = True
                crawler.engine.close_spider(spider, "redis-run-gone")
                return
            spider.progress_note = f"workers {state['workers']} ({state['busy']} busy)"
            stats.max_value("clinicaudit/distributed/workers", state["workers"])
            spider.scheduled = max(spider.scheduled, min(state["scheduled"], spider.max_pages))
            quiet = quiet + 1 if RedisRun.over(state) else 0
            if quiet >= 3:  # three looks in a row, 0.2 s apart: nothing queued, held, sent or running
                run.finish()
                return
        except REDIS_ERRORS as exc:
            spider.redis_lost(exc)
            return
        except redis.RedisError as exc:  # OOM, MISCONF, a script refused: Redis answers, but not with the run
            logger.error("Redis at %s refused the run's commands (%s): the run stops", shown, exc)
            spider.stopping = True
            crawler.engine.close_spider(spider, "redis-lost")
            return
        await asyncio.sleep(0.2)


def _result_item(spider: Any, data: str) -> Any:
    """The item of one worker's result (None for counters only, or for a result that is not one this tool sent:
    logged and counted)."""
    try:
        return _result_item_of(spider, json.loads(data))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        logger.error("a result in Redis is not one a clinicaudit worker sent (%s: %s): dropped", type(exc).__name__,
                     exc)
        spider.crawler.stats.inc_value("clinicaudit/distributed/bad_results")
        return None


def _result_item_of(spider: Any, payload: dict[str, Any]) -> Any:
    from clinicaudit.items import PageItem

    stats = spider.crawler.stats
    for key, value in (payload.get("stats") or {}).items():
        if not key.startswith(("clinicaudit/", "playwright/")) or not isinstance(value, (int, float)):
            continue
        if key == "playwright/browser_count":
            stats.max_value(key, value)
        else:
            stats.inc_value(key, value)
    for pattern, trap in (payload.get("traps") or {}).items():
        mine = spider.traps.setdefault(pattern, {**trap, "skipped": 0})
        mine["skipped"] += trap["skipped"]
    record = payload.get("record")
    if record is None:
        return None
    item = PageItem(url=record["url"], requested_url=record["requested_url"], status=record["status"], headers={},
                    content_type=record["content_type"], depth=record["depth"], referrer=record["referrer"],
                    discovered_via=record["discovered_via"], fetched_at=record["fetched_at"],
                    redirects=list(record.get("redirects") or []), is_html=bool(record.get("is_html")))
    item.record = record
    item.content = payload.get("content")
    item.findings = payload.get("findings") or []
    item.summary = payload.get("summary")
    item.record_errors = payload.get("record_errors") or []
    return item


def _lost_item(data: str) -> Any:
    from spiders.site import now

    from clinicaudit.items import PageItem

    try:
        request = redisjson.loads(data)
    except ValueError as exc:
        logger.error("a lost request in Redis is not one clinicaudit queued (%s): dropped", exc)
        return None
    return PageItem.failed(request["url"], request["meta"], "worker-lost",
                           f"{MAX_DELIVERIES} workers stopped (killed, or lost their connection) while they held "
                           "this URL; it was not fetched again", now())


# -- the worker ------------------------------------------------------------------------------------------------------

def worker_settings(spec: dict[str, Any], target: RedisTarget, run_id: str, worker_id: str, jobs: int | None,
                    log_level: str, scratch: Path) -> Any:
    """The Scrapy settings of a worker's crawl for a run: those of a run on one machine (the same configuration
    and credentials), with scrapy-redis's scheduler on the run's queue and the results sent back."""
    from clinicaudit.access import Access
    from clinicaudit.config import Config
    from clinicaudit.crawl import build_settings

    settings = build_settings(spec["start_url"], scratch, Config(values=spec["config"]), log_level,
                              access=Access.from_setting(spec.get("access")), jobs=jobs)
    keys = RunKeys(run_id)
    for name, value in {
        "JOBDIR": None, "CLINICAUDIT_OUT": None, "CLINICAUDIT_ROLE": "worker",
        "CLINICAUDIT_REDIS_URL": target.url, "CLINICAUDIT_REDIS_RUN": run_id,
        "CLINICAUDIT_REDIS_LEASE": float(spec.get("lease") or DEFAULT_LEASE), "CLINICAUDIT_WORKER_ID": worker_id,
        "SCHEDULER": "clinicaudit.distributed.Scheduler", "REDIS_URL": target.url,
        "REDIS_PARAMS": {"socket_timeout": 10, "socket_connect_timeout": 5, "decode_responses": True},
        "SCHEDULER_QUEUE_KEY": keys.queue, "SCHEDULER_QUEUE_CLASS": "clinicaudit.distributed.LeasedQueue",
        "SCHEDULER_DUPEFILTER_KEY": keys.seen, "DUPEFILTER_CLASS": "clinicaudit.distributed.UrlKeyDupeFilter",
        "SCHEDULER_SERIALIZER": "clinicaudit.redisjson", "SCHEDULER_PERSIST": True,
        "ITEM_PIPELINES": {"clinicaudit.pipelines.ReadPipeline": 100,
                           "clinicaudit.distributed.ResultPipeline": 900},
        "EXTENSIONS": {"clinicaudit.distributed.WorkerBeat": 500},
    }.items():
        settings.set(name, value, priority="cmdline")
    return settings


def run_worker_crawl(run_id: str, worker_id: str, jobs: int | None, verbose: bool) -> int:
    """One worker's part in one run, in a process of its own (a Twisted reactor runs once per process)."""
    from scrapy.core.engine import ExecutionEngine
    from scrapy.crawler import AsyncCrawlerProcess
    from scrapy.exceptions import ScrapyDeprecationWarning

    from clinicaudit.crawl import install_log_scrubber
    from spiders.site import SiteSpider

    target = RedisTarget(os.environ[URL_ENV])
    server = target.client()
    try:
        raw = server.get(RunKeys(run_id).spec)
    except REDIS_ERRORS as exc:
        print(f"worker {worker_id}: lost Redis at {target.shown} ({exc})", file=sys.stderr)
        return 3
    if raw is None:
        return 0  # the run ended meanwhile
    spec = json.loads(raw)
    ExecutionEngine._SLOT_HEARTBEAT_INTERVAL = 0.5  # an idle worker looks at the shared queue twice a second
    # scrapy-redis's own "Resuming crawl" line uses a deprecated Scrapy call; a worker always joins a queue
    warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated", category=ScrapyDeprecationWarning)
    with tempfile.TemporaryDirectory(prefix="clinicaudit-worker-") as scratch:
        try:
            settings = worker_settings(spec, target, run_id, worker_id, jobs, "INFO" if verbose else "WARNING",
                                       Path(scratch))
        except (ValueError, KeyError, TypeError) as exc:  # render.RenderError, ConfigError: this machine cannot
            print(f"worker {worker_id}: cannot take part in run {run_id}: {exc}", file=sys.stderr)
            return 4
        install_log_scrubber()
        process = AsyncCrawlerProcess(settings)
        crawler = process.create_crawler(SiteSpider)
        process.crawl(crawler)
        process.start()
        reason = (crawler.stats.get_value("finish_reason") if crawler.stats else None) or "unknown"
    return 0 if reason in ("finished", "shutdown") else 3 if reason == "redis-lost" else 1


class Worker:
    """`clinicaudit worker URL`: takes part in every run queued on that Redis, one at a time, until stopped."""

    def __init__(self, target: RedisTarget, jobs: int | None = None, verbose: bool = False,
                 exit_when_idle: float | None = None) -> None:
        self.target = target
        self.jobs = jobs
        self.verbose = verbose
        self.exit_when_idle = exit_when_idle
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}"
        self.child: subprocess.Popen[bytes] | None = None
        self.stop = False
        self.skip: dict[str, float] = {}  # runs this machine could not take part in, until when

    def _signal(self, signum: int, _frame: Any) -> None:
        self.stop = True
        if self.child is not None and self.child.poll() is None:
            self.child.send_signal(signal.SIGTERM)  # its pages in flight finish; what it holds goes back on lease

    def pick(self, server: redis.Redis) -> str | None:
        """The run with the most requests queued, if any."""
        best, most = None, 0
        now = time.monotonic()
        for run_id in sorted(server.smembers(RUNS)):
            if self.skip.get(run_id, 0) > now:
                continue
            keys = RunKeys(run_id)
            if not server.exists(keys.collector):  # abandoned (its collector stopped): `--resume` brings it back
                continue
            queued = server.zcard(keys.queue)
            if queued > most:
                best, most = run_id, queued
        return best

    def main(self) -> int:
        signal.signal(signal.SIGTERM, self._signal)
        signal.signal(signal.SIGINT, self._signal)
        print(f"worker {self.worker_id}: waiting for runs on Redis at {self.target.shown}", file=sys.stderr,
              flush=True)
        unreachable_since: float | None = None
        idle_since = time.monotonic()
        server = self.target.client()  # one connection pool for the worker's life; redis-py reconnects it
        while not self.stop:
            try:
                run_id = self.pick(server)
                if unreachable_since is not None:
                    print(f"worker {self.worker_id}: Redis at {self.target.shown} is back", file=sys.stderr)
                unreachable_since = None
            except REDIS_ERRORS as exc:
                if unreachable_since is None:
                    print(f"worker {self.worker_id}: lost Redis at {self.target.shown} ({exc}); trying again every "
                          "2 s", file=sys.stderr, flush=True)
                    unreachable_since = time.monotonic()
                time.sleep(2)
                continue
            if run_id is None:
                if self.exit_when_idle is not None and time.monotonic() - idle_since > self.exit_when_idle:
                    return 0
                time.sleep(0.3)
                continue
            print(f"worker {self.worker_id}: taking part in run {run_id}", file=sys.stderr, flush=True)
            command = [sys.executable, "-m", "clinicaudit.distributed", "crawl", run_id, self.worker_id,
                       "" if self.jobs is None else str(self.jobs), "1" if self.verbose else ""]
            self.child = subprocess.Popen(command, env={**os.environ, URL_ENV: self.target.url})
            code = self.child.wait()
            self.child = None
            if code not in (0, 3):  # not for this machine (no Chromium for --render js, …): others may take it
                self.skip[run_id] = time.monotonic() + 30
            print(f"worker {self.worker_id}: run {run_id} "
                  + ("done" if code == 0 else "left: Redis went away" if code == 3 else f"left (exit {code})"),
                  file=sys.stderr, flush=True)
            idle_since = time.monotonic()
        return 0


if __name__ == "__main__":  # a worker's crawl of one run: python -m clinicaudit.distributed crawl RUN WORKER JOBS V
    if len(sys.argv) == 6 and sys.argv[1] == "crawl":
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the worker, which stops this crawl
        sys.exit(run_worker_crawl(sys.argv[2], sys.argv[3], int(sys.argv[4]) if sys.argv[4] else None,
                                  bool(sys.argv[5])))
    sys.exit("usage: clinicaudit worker REDIS_URL")
