"""A crawl shared by workers through Redis (issue #16; docs/distributed.md): a real redis-server on 127.0.0.1 (Debian's,
which .ci/run installs), real workers (`clinicaudit worker`) and a real static host that counts what it serves."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import pytest
import redis

from clinicaudit import redisjson
from tests.conftest import NEUTRAL, SITES, run_cli
from tests.static_host import PlainHostHandler

REDIS_SERVER = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(REDIS_SERVER is None and os.environ.get("CI") != "true",
                                reason="no redis-server on this machine (CI installs Debian's; apt-get install "
                                       "redis-server)")

def _public(site: str) -> str | None:
    """The fixture site's production origin (its key's site_url), which its absolute links name."""
    return json.loads((SITES / site / "key.json").read_text(encoding="utf-8")).get("site_url")


PUBLIC = {name: _public(name) for name in ("wordpress", "hugo", "handwritten")}
# What differs between two crawls of one site: when, and how fast. How each URL was found (depth, referrer, via,
# redirects) is settled from the whole crawl's graph at the end (clinicaudit.discovery), so it is compared too.
VOLATILE = ("fetched_at", "response_time_ms")


# -- real servers ------------------------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    def __init__(self, folder: Path, password: str | None = None) -> None:
        self.folder, self.password, self.port = folder, password, _free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        args = [REDIS_SERVER or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", str(self.folder), "--dbfilename", "dump.rdb"]
        if self.password:
            args += ["--requirepass", self.password]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port, password=self.password)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self, save: bool = False) -> None:
        if self.proc is None:
            return
        if save:  # SHUTDOWN SAVE: what a Redis with persistence keeps across a restart
            try:
                redis.Redis(port=self.port, password=self.password).shutdown(save=True)
            except redis.ConnectionError:
                pass
        self.proc.terminate()
        self.proc.wait(10)
        self.proc = None


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


class CountingHost(PlainHostHandler):
    """The nginx-like static host of the tests, which counts each request by method and path, and can be slow."""

    counts: Counter[tuple[str, str]]
    delay = 0.0

    def _count(self) -> None:
        self.counts[(self.command, urlsplit(self.path).path)] += 1
        if self.delay:
            time.sleep(self.delay)

    def do_GET(self) -> None:
        self._count()
        super().do_GET()

    def do_HEAD(self) -> None:
        self._count()
        super().do_HEAD()


@contextmanager
def counting_host(site: str, delay: float = 0.0) -> Iterator[tuple[str, Counter[tuple[str, str]]]]:
    counts: Counter[tuple[str, str]] = Counter()
    handler = type("Host", (CountingHost,), {"counts": counts, "delay": delay})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(SITES / site / "public")))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", counts
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def workers(url: str, n: int, logs: Path, env: dict[str, str] | None = None,
            jobs: int = 0) -> Iterator[list[subprocess.Popen[bytes]]]:
    """`clinicaudit worker URL` × n, each in its own process group (so that a test can SIGKILL one whole)."""
    procs = []
    for i in range(n):
        log = (logs / f"worker{i}.log").open("wb")
        procs.append(subprocess.Popen([sys.executable, "-m", "clinicaudit", "worker", url, "--jobs", str(jobs)],
                                      stdout=log, stderr=subprocess.STDOUT, cwd=NEUTRAL, start_new_session=True,
                                      env={**os.environ, "CI": "true", **(env or {})}))
    try:
        yield procs
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def _site_args(site: str) -> list[str]:
    return ["--site-url", PUBLIC[site]] if PUBLIC.get(site) else []


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _comparable_pages(out: Path) -> list[str]:
    rows = []
    for record in _lines(out / "pages.jsonl"):
        for key in VOLATILE:
            record.pop(key, None)
        rows.append(json.dumps(record, sort_keys=True))
    return sorted(rows)


def _comparable_site(out: Path) -> dict[str, Any]:
    site = json.loads((out / "site.json").read_text(encoding="utf-8"))
    site["site"].pop("crawled_at")
    site["site"].pop("url")  # the test host's port (other URLs are the production origin's)
    return site


def _paths(out: Path) -> list[str]:
    return sorted(urlsplit(p["url"]).path for p in _lines(out / "pages.jsonl"))


def _comparable_findings(out: Path) -> list[str]:
    return sorted(json.dumps(f, sort_keys=True) for f in _lines(out / "findings.jsonl"))


# -- the tests ---------------------------------------------------------------------------------------------------------

def test_two_workers_give_what_one_process_gives(redis_server: RedisServer, tmp_path: Path) -> None:
    """Two workers crawl a fixture site: every URL is fetched once, and pages.jsonl (sorted), site.json and the
    findings equal those of a run in one process."""
    with counting_host("wordpress", delay=0.05) as (base, counts):
        local = run_cli("audit", base, *_site_args("wordpress"), "--out", str(tmp_path / "local"), "--db", "none")
        assert local.returncode in (0, 1), local.stderr
        local_counts = Counter(counts)
        counts.clear()
        with workers(redis_server.url, 2, tmp_path):
            shared = run_cli("audit", base, *_site_args("wordpress"), "--out", str(tmp_path / "shared"),
                             "--db", str(tmp_path / "history.db"), "--redis", redis_server.url)
        assert shared.returncode == local.returncode, shared.stderr
    fetched = {key: n for key, n in counts.items() if key[1] != "/robots.txt"}
    assert fetched and all(n == 1 for n in fetched.values()), fetched
    assert set(fetched) == {key for key in local_counts if key[1] != "/robots.txt"}
    assert _comparable_pages(tmp_path / "shared") == _comparable_pages(tmp_path / "local")
    assert _comparable_site(tmp_path / "shared") == _comparable_site(tmp_path / "local")
    assert _comparable_findings(tmp_path / "shared") == _comparable_findings(tmp_path / "local")
    run = json.loads((tmp_path / "shared" / "run.json").read_text())
    assert run["complete"] is True and run["finish_reason"] == "finished"
    for i in range(2):
        assert "taking part in run" in (tmp_path / f"worker{i}.log").read_text()
    assert "workers 2" in shared.stderr  # the collector's progress counts the workers
    # the history has the run, complete, with the findings one machine found
    history = run_cli("history", "--db", str(tmp_path / "history.db")).stdout.splitlines()
    counts = Counter(f["severity"] for f in _lines(tmp_path / "local" / "findings.jsonl"))
    assert len(history) == 2 and history[1].split()[2:7] == [
        "complete", str(len(_lines(tmp_path / "local" / "pages.jsonl"))), str(counts["error"]),
        str(counts["warning"]), str(counts["notice"])]
    # the run's keys are gone from Redis (its credentials with them)
    assert not [k for k in redis.Redis(port=redis_server.port).keys("clinicaudit:run:*")
                if not k.endswith((b":done",)) and b":alive:" not in k and not k.endswith(b":workers")]


def test_a_worker_killed_mid_crawl_loses_no_page(redis_server: RedisServer, tmp_path: Path) -> None:
    """One of two workers is SIGKILLed while it holds pages: their leases run out, the collector puts them back,
    the other worker fetches them, and every URL is recorded exactly once."""
    with counting_host("wordpress") as (base, counts):
        local = run_cli("audit", base, *_site_args("wordpress"), "--out", str(tmp_path / "local"), "--db", "none")
    expected = _paths(tmp_path / "local")
    with counting_host("wordpress", delay=0.4) as (base, counts):
        with workers(redis_server.url, 2, tmp_path) as procs:
            collector = _collector(base, tmp_path / "shared", "--db", "none", "--redis", redis_server.url,
                                   "--lease", "3")
            _wait_for(counts, 5)
            victim = _holding(redis_server, procs)
            os.killpg(victim.pid, signal.SIGKILL)  # the worker and its crawl, with the pages in their hands
            _, err = collector.communicate(timeout=180)
    assert collector.returncode == local.returncode, err.decode()
    assert _paths(tmp_path / "shared") == expected  # every page, each once
    distributed = json.loads((tmp_path / "shared" / "run.json").read_text())["distributed"]
    assert distributed["requeued"] >= 1 and distributed["lost"] == 0 and distributed["workers"] == 2
    assert not [p for p in _lines(tmp_path / "shared" / "pages.jsonl") if p["error"]]
    assert _comparable_site(tmp_path / "shared") == _comparable_site(tmp_path / "local")


def _collector(base: str, out: Path | str, *options: str) -> subprocess.Popen[bytes]:
    """`clinicaudit audit` of the wordpress fixture with these options (--redis …), started, not waited for."""
    return subprocess.Popen([sys.executable, "-m", "clinicaudit", "audit", base, *_site_args("wordpress"), "--out",
                             str(out), *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=NEUTRAL,
                            env={**os.environ, "CI": "true"})


def _wait_for(counts: Counter[tuple[str, str]], n: int) -> None:
    """Until the host has answered n requests (a minute at most): the run is under way."""
    deadline = time.monotonic() + 60
    while sum(counts.values()) < n and time.monotonic() < deadline:
        time.sleep(0.05)


def _holding(server: RedisServer, procs: list[subprocess.Popen[bytes]]) -> subprocess.Popen[bytes]:
    """A worker that holds leases now (a lease's token starts with its worker's host:pid)."""
    client = redis.Redis(port=server.port, decode_responses=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        holders = {token.split(":")[1] for key in client.keys("clinicaudit:run:*:leases")
                   for token in client.hkeys(key)}
        for proc in procs:
            if str(proc.pid) in holders:
                return proc
        time.sleep(0.02)
    raise AssertionError("no worker held a lease")


def test_a_batch_of_three_sites_on_two_workers(redis_server: RedisServer, tmp_path: Path) -> None:
    names = ["wordpress", "hugo", "handwritten"]
    with counting_host(names[0]) as (a, _), counting_host(names[1]) as (b, _), counting_host(names[2]) as (c, _):
        bases = dict(zip(names, (a, b, c)))
        sites = tmp_path / "sites.txt"
        sites.write_text("".join(f"{bases[n]} {PUBLIC[n] or ''}\n" for n in names))
        local = {}
        for name in names:
            run = run_cli("audit", bases[name], *_site_args(name), "--out", str(tmp_path / "local" / name),
                          "--db", "none")
            local[name] = run.returncode
        with workers(redis_server.url, 2, tmp_path):
            batch = run_cli("batch", str(sites), "--out", str(tmp_path / "batch"), "--db", "none", "--parallel",
                            "2", "--redis", redis_server.url, timeout=300)
    assert batch.returncode == max(local.values()), batch.stderr
    summary = json.loads((tmp_path / "batch" / "batch.json").read_text())
    folders = {Path(s["folder"]).name for s in summary["sites"]}
    assert len(folders) == 3
    for name in names:
        shared = next(tmp_path / "batch" / s["folder"] for s in summary["sites"]
                      if s["target"].rstrip("/") == bases[name].rstrip("/"))
        assert _comparable_site(shared) == _comparable_site(tmp_path / "local" / name)
        assert _paths(shared) == _paths(tmp_path / "local" / name)


def test_redis_going_away_stops_the_run_and_resume_finishes_it(tmp_path: Path) -> None:
    server = RedisServer(tmp_path)
    server.start()
    try:
        with counting_host("wordpress") as (base, _):
            local = run_cli("audit", base, *_site_args("wordpress"), "--out", str(tmp_path / "local"),
                            "--db", "none")
        expected = _paths(tmp_path / "local")
        out = tmp_path / "shared"
        with counting_host("wordpress", delay=0.5) as (base, counts), workers(server.url, 1, tmp_path):
            collector = _collector(base, out, "--db", "none", "--redis", server.url, "--lease", "3")
            _wait_for(counts, 4)
            server.stop(save=True)
            _, err = collector.communicate(timeout=60)
            assert collector.returncode == 2, err.decode()
            message = err.decode()
            assert "connection to Redis" in message and f"--resume {out}" in message
            assert "Traceback" not in message
            written = _lines(out / "pages.jsonl") if (out / "pages.jsonl").is_file() else []
            assert len(written) < len(expected)
            assert json.loads((out / "run.json").read_text())["complete"] is False
            server.start()  # the same port and folder: Redis is back, with what it saved
            resumed = run_cli("audit", "--resume", str(out), timeout=180)
        assert resumed.returncode == local.returncode, resumed.stderr
        assert _paths(out) == expected  # every page, each once, across the two runs
        assert json.loads((out / "run.json").read_text())["complete"] is True
        assert _comparable_site(out) == _comparable_site(tmp_path / "local")
    finally:
        server.stop()


def test_a_password_is_never_shown_or_written(tmp_path: Path) -> None:
    secret = "s3cret-Redis-pw"
    server = RedisServer(tmp_path / "redis", password=secret)
    (tmp_path / "redis").mkdir()
    server.start()
    try:
        url = f"redis://:{secret}@127.0.0.1:{server.port}/0"
        with counting_host("handwritten") as (base, _):
            # the worker gets the password from the environment: it is not on its command line
            with workers(server.url, 1, tmp_path, env={"CLINICAUDIT_REDIS_PASSWORD": secret}) as procs:
                time.sleep(1)
                lines = [open(f"/proc/{pid}/cmdline", "rb").read() for pid in _tree(procs[0].pid)]
                run = run_cli("audit", base, "--out", str(tmp_path / "out"), "--db", "none", "--redis", url, "-v")
            wrong = run_cli("audit", base, "--out", str(tmp_path / "out2"), "--db", "none", "--redis",
                            f"redis://:not-{secret}@127.0.0.1:{server.port}/0")
        assert run.returncode in (0, 1), run.stderr
        assert lines and not [line for line in lines if secret.encode() in line]
        texts = [run.stdout, run.stderr, wrong.stdout, wrong.stderr, (tmp_path / "worker0.log").read_text()]
        texts += [p.read_text(errors="replace") for p in (tmp_path / "out").rglob("*") if p.is_file()]
        assert not [t for t in texts if secret in t]
        assert wrong.returncode == 2 and "refused the password" in wrong.stderr and "***" in wrong.stderr
        assert "Traceback" not in wrong.stderr
    finally:
        server.stop()


def _tree(pid: int) -> list[int]:
    from tests.conftest import descendants

    return [pid] + [child for child, _, _ in descendants(pid)]


def test_queued_entries_are_json_and_checked() -> None:
    """What a worker reads from the shared queue is data, never code: no pickle; a request naming a class to import
    or a callback the spider does not offer is refused."""
    forged = redisjson.dumps({"url": "http://x/a", "method": "GET", "callback": "parse", "errback": "on_error",
                              "headers": {b"Authorization": [b"Basic eDp5"]}, "body": b"", "cb_kwargs": {"x": 1},
                              "_class": "os.system", "meta": {"depth": 1, "proxy": "http://127.0.0.1:9/",
                                                              "download_slot": "x", "dont_obey_robotstxt": True}})
    request = redisjson.loads(forged)
    assert request["meta"] == {"depth": 1}  # no proxy, no slot, robots.txt still asked (it is not robots.txt)
    assert set(request) == {"url", "method", "callback", "errback", "meta", "dont_filter", "encoding", "priority"}
    for bad in ({"url": "http://x/", "method": "GET", "callback": "__init__"},
                {"url": "http://x/", "method": "POST", "callback": "parse"},
                {"url": "http://x/", "method": "GET", "callback": "parse", "meta": {"depth": "1"}},
                {"url": "http://x/", "method": "GET", "callback": "parse", "meta": {"chain": ["http://y/"]}}):
        with pytest.raises(redisjson.UntrustedRequest):
            redisjson.loads(json.dumps(bad))
    with pytest.raises(redisjson.UntrustedRequest):
        redisjson.loads("\x80not json")


def test_unreachable_redis_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    port = _free_port()  # nothing listens there
    with counting_host("handwritten") as (base, counts):
        run = run_cli("audit", base, "--out", str(tmp_path / "out"), "--db", "none", "--redis",
                      f"redis://:pw@127.0.0.1:{port}/0")
    assert run.returncode == 2
    assert f"cannot reach Redis at redis://:***@127.0.0.1:{port}/0" in run.stderr
    assert "Traceback" not in run.stderr and ":pw@" not in run.stderr
    assert not counts  # nothing was fetched
    bad = run_cli("worker", "http://127.0.0.1:1/")
    assert bad.returncode == 2 and "redis://HOST:PORT/DB" in bad.stderr
    lease = run_cli("audit", base, "--out", str(tmp_path / "out2"), "--lease", "5")
    assert lease.returncode == 2 and "--lease goes with --redis" in lease.stderr


def test_a_batch_hands_the_password_on_in_the_environment() -> None:
    from clinicaudit.batch import redis_password_to_env

    options, env = redis_password_to_env(["--max-pages", "9", "--redis", "redis://:p%40ss@10.0.0.5:6379/1"])
    assert options == ["--max-pages", "9", "--redis", "redis://10.0.0.5:6379/1"]
    assert env == {"CLINICAUDIT_REDIS_PASSWORD": "p@ss"}
    options, env = redis_password_to_env(["--redis=redis://10.0.0.5:6379/1"])
    assert options == ["--redis=redis://10.0.0.5:6379/1"] and env == {}


def test_redis_urls_are_shown_without_their_password() -> None:
    from clinicaudit.distributed import RedisTarget, redact

    assert redact("redis://:ab/cd?e#f@10.0.0.5:6379/0") == "redis://:***@10.0.0.5:6379/0"
    assert redact("redis://user:p@ss@host:6379/0") == "redis://user:***@host:6379/0"
    assert redact("redis://host:6379/0") == "redis://host:6379/0"
    target = RedisTarget.parse("redis://[::1]:6379/0", env={"CLINICAUDIT_REDIS_PASSWORD": "pw/1"})
    assert target.url == "redis://:pw%2F1@[::1]:6379/0" and target.shown == "redis://:***@[::1]:6379/0"
    assert target.without_password == "redis://[::1]:6379/0"


class UnreadableRedirect(CountingHost):
    """The wordpress fixture, plus a page linking to /bad, which answers a redirect no URL parser accepts."""

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/bad":
            self._count()
            self.send_response(302)
            self.send_header("Location", "http://[bad")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path in ("/", "/index.html"):
            self._count()
            body = (SITES / "handwritten" / "public" / "index.html").read_bytes().replace(
                b"</body>", b'<a href="/bad">bad</a></body>')
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


def test_a_response_the_spider_cannot_read_is_recorded_and_releases_its_lease(redis_server: RedisServer,
                                                                              tmp_path: Path) -> None:
    """A redirect to `http://[bad` makes the spider's callback raise: the URL is still one record (kind `error`),
    on one machine and with workers, and the shared run does not wait for its lease for ever."""
    counts: Counter[tuple[str, str]] = Counter()
    handler = type("Host", (UnreadableRedirect,), {"counts": counts, "delay": 0.0})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(SITES / "handwritten" / "public")))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        local = run_cli("audit", base, "--out", str(tmp_path / "local"), "--db", "none")
        with workers(redis_server.url, 1, tmp_path):
            shared = run_cli("audit", base, "--out", str(tmp_path / "shared"), "--db", "none", "--redis",
                             redis_server.url, "--lease", "3", timeout=120)
    finally:
        server.shutdown()
        server.server_close()
    for run in (local, shared):
        bad = [p for p in _lines(run.out / "pages.jsonl") if urlsplit(p["url"]).path == "/bad"]
        assert len(bad) == 1 and bad[0]["error"]["kind"] == "error", run.stderr
        assert "could not read the response" in bad[0]["error"]["message"]
    assert _paths(tmp_path / "shared") == _paths(tmp_path / "local")


def test_a_flushed_run_is_not_reported_as_complete(redis_server: RedisServer, tmp_path: Path) -> None:
    with counting_host("wordpress", delay=0.3) as (base, counts), workers(redis_server.url, 1, tmp_path):
        collector = _collector(base, tmp_path / "out", "--db", "none", "--redis", redis_server.url)
        _wait_for(counts, 3)
        redis.Redis(port=redis_server.port).flushdb()
        _, err = collector.communicate(timeout=60)
    assert collector.returncode == 2, err.decode()
    assert "no longer in Redis" in err.decode() and "Traceback" not in err.decode()
    assert json.loads((tmp_path / "out" / "run.json").read_text())["complete"] is False


def test_workers_leave_a_run_whose_collector_stopped(redis_server: RedisServer, tmp_path: Path) -> None:
    """Ctrl-C on one run's collector: its workers leave it (they would otherwise wait for it for ever), and the next
    run on the same Redis gets them."""
    with workers(redis_server.url, 1, tmp_path):
        with counting_host("wordpress", delay=0.5) as (base, counts):
            first = _collector(base, tmp_path / "first", "--db", "none", "--redis", redis_server.url)
            _wait_for(counts, 3)
            first.send_signal(signal.SIGINT)
            _, err = first.communicate(timeout=60)
            assert first.returncode == 130, err.decode()
            assert f"--resume {tmp_path / 'first'}" in err.decode()
        with counting_host("handwritten") as (base, _):
            second = run_cli("audit", base, "--out", str(tmp_path / "second"), "--db", "none", "--redis",
                             redis_server.url, timeout=120)
    assert second.returncode in (0, 1), second.stderr
    assert json.loads((tmp_path / "second" / "run.json").read_text())["complete"] is True
