"""Worker processes change nothing but speed (issue #14): the same site audited with the pages read in the crawl's
own process (`--jobs 0`), in one worker and in four gives the same files, byte for byte once the run's clock and
port are set aside, and in the same order."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import NEUTRAL, SITES, descendants, run_cli
from tests.static_host import serve_plain

# What differs between two runs of one site by nature: the time, the port the site is served on, fetch latency.
_CLOCK = re.compile(r'"(?:fetched_at|crawled_at|started|finished|response_time_ms|generated_at|resumed|'
                    r'startTimeUtc|endTimeUtc)": ?'
                    r'(?:"[^"]*"|[0-9.]+|null|\[[^\]]*\])')
_PORT = re.compile(r"127\.0\.0\.1:\d+")


def _same_apart_from_clock(text: str) -> str:
    return _PORT.sub("HOST", _CLOCK.sub("CLOCK", text))


@pytest.mark.parametrize("site", ["divi-chiro", "wp-avada"])
def test_workers_change_nothing_but_speed(site, tmp_path):
    runs: dict[int, Path] = {}
    key = json.loads((SITES / site / "key.json").read_text(encoding="utf-8"))
    with serve_plain(SITES / site / "public") as base:  # redirects folders as nginx does
        for jobs in (0, 1, 4):
            out = tmp_path / f"jobs-{jobs}"
            # one request at a time: the crawl's own order is then fixed, and only the workers could change it
            run = run_cli("audit", base, "--site-url", key["site_url"], "--out", str(out), "--jobs", str(jobs),
                          "--concurrency", "1",
                          "--db", "none", "--format", "json", "--format", "csv", "--format", "sarif")
            assert run.returncode in (0, 1), run.stderr
            runs[jobs] = out
    for name in ("site.json", "findings.jsonl", "pages.jsonl", "report.json", "findings.csv", "report.sarif"):
        first = _same_apart_from_clock((runs[0] / name).read_text(encoding="utf-8"))
        assert first.strip(), name
        for jobs in (1, 4):
            assert _same_apart_from_clock((runs[jobs] / name).read_text(encoding="utf-8")) == first, (name, jobs)
    pages = [json.loads(line) for line in (runs[4] / "pages.jsonl").read_text(encoding="utf-8").splitlines()]
    findings = (runs[4] / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    assert sum(1 for p in pages if p["html"]) >= 5 and len(findings) >= 5  # the workers did read the pages
    services = json.loads((runs[4] / "site.json").read_text(encoding="utf-8"))["services"]
    assert len(services) == len(key["services"])


def test_bad_jobs_value_is_a_usage_error(tmp_path):
    run = run_cli("audit", str(SITES / "divi-chiro" / "public"), "--out", str(tmp_path / "o"), "--jobs", "many")
    assert run.returncode == 2 and "--jobs" in run.stderr and "Traceback" not in run.stderr


def _workers(pid: int) -> list[int]:
    """The worker processes of a clinicaudit process: its children started by multiprocessing's spawn."""
    return [child for child, parent, cmdline in descendants(pid) if parent == pid and "spawn_main" in cmdline]


def test_a_killed_worker_loses_no_page(tmp_path):
    """SIGKILL a worker mid-crawl: the page it held is read in the crawl's process, a new worker takes over, and
    the run has every page a whole run has."""
    from tests.test_resume import _slow_server

    folder = SITES / "divi-chiro" / "public"
    key = json.loads((SITES / "divi-chiro" / "key.json").read_text(encoding="utf-8"))
    server = _slow_server(folder, 0.3)
    base = f"http://127.0.0.1:{server.server_port}/"
    try:
        whole = run_cli("audit", base, "--site-url", key["site_url"], "--out", str(tmp_path / "whole"),
                        "--db", "none", "--format", "json", "--concurrency", "1")
        assert whole.returncode in (0, 1), whole.stderr
        out = tmp_path / "killed"
        proc = subprocess.Popen([sys.executable, "-m", "clinicaudit", "audit", base, "--site-url", key["site_url"],
                                 "--out", str(out), "--db", "none", "--format", "json", "--concurrency", "1",
                                 "--jobs", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                cwd=NEUTRAL, env={**os.environ, "CI": "true"})
        deadline = time.monotonic() + 60
        killed = []
        while time.monotonic() < deadline and proc.poll() is None and not killed:
            pages = out / "pages.jsonl"
            if pages.is_file() and pages.read_bytes().count(b"\n") >= 3:
                for worker in _workers(proc.pid):
                    os.kill(worker, signal.SIGKILL)
                    killed.append(worker)
            time.sleep(0.05)
        _, stderr = proc.communicate(timeout=180)
    finally:
        server.shutdown()
    assert killed, "the run ended before a worker could be killed"
    assert proc.returncode in (0, 1), stderr
    assert "a worker process stopped" in stderr and "Traceback" not in stderr
    urls = sorted(p["url"].split("/", 3)[3] for p in (json.loads(x) for x in (out / "pages.jsonl").read_text(
        encoding="utf-8").splitlines()) if p["html"])
    assert urls == sorted(p["url"].split("/", 3)[3] for p in whole.pages() if p["html"])
    assert json.loads((out / "site.json").read_text(encoding="utf-8"))["services"] == whole.site()["services"]


def test_the_readers_end_before_the_site_is_assembled(tmp_path):
    """Scrapy closes pipelines in reverse order, so the store's site assembly would run while the idle readers still
    hold their memory: the store tells the readers to end first (the tree's peak memory at 10,000 pages)."""
    run = run_cli("audit", str(SITES / "divi-chiro" / "public"), "--out", str(tmp_path / "o"), "--jobs", "2",
                  "--db", "none", "--format", "json", "-v")
    assert run.returncode in (0, 1), run.stderr
    ended = run.stderr.find("the 2 reader processes have ended")
    assembled = run.stderr.find("how each URL was found")
    assert 0 <= ended < assembled, run.stderr[-2000:]
