"""`clinicaudit audit --resume DIR`: a crawl interrupted by Ctrl-C (SIGINT) or SIGTERM, then resumed, ends with
the same pages, findings and site.json as one uninterrupted crawl of the same site, and the history holds one
complete run. Real crawls of the demo site and of the WordPress fixture, served slowly by the test so that the
signal lands mid-crawl."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest

from clinicaudit.cli import DEMO_SITE_URL, demo_folder
from clinicaudit.serve import StaticSiteHandler, read_redirects
from tests.conftest import NEUTRAL, SITES, run_cli, serve

# Facts of a fetch that differ from one run to the next, whatever the tool does.
VOLATILE = ("fetched_at", "response_time_ms")


def _slow_server(root: Path, delay: float) -> ThreadingHTTPServer:
    """The folder served as clinicaudit serves a static build, each answer `delay` seconds late."""

    class Slow(StaticSiteHandler):
        def do_GET(self) -> None:
            time.sleep(delay)
            super().do_GET()

    server, _ = serve(type("Handler", (Slow,), {"root": root.resolve(), "redirects": read_redirects(root)}))
    return server


SITES_TO_RESUME = {
    # name: (folder, production origin, signal, how many times the crawl is interrupted)
    "demo": (demo_folder(), DEMO_SITE_URL, "SIGINT", 2),
    "wordpress": (SITES / "wordpress" / "public", "https://harbourphysio.test", "SIGTERM", 1),
}


@pytest.fixture(params=list(SITES_TO_RESUME))
def site(request, tmp_path) -> Iterator[tuple[str, list[str], str, int]]:
    """(base URL, the audit options both runs share, the signal, interruptions), with one request at a time so
    that the crawl takes a few seconds."""
    folder, site_url, sig, interruptions = SITES_TO_RESUME[request.param]
    server = _slow_server(folder, 0.4)
    config = tmp_path / "slow.toml"
    config.write_text("[crawl]\nconcurrency = 1\n", encoding="utf-8")
    try:
        yield (f"http://127.0.0.1:{server.server_port}/", ["--site-url", site_url, "--config", str(config)], sig,
               interruptions)
    finally:
        server.shutdown()


def _pages(out: Path) -> list[str]:
    records = [json.loads(line) for line in (out / "pages.jsonl").read_text(encoding="utf-8").splitlines()]
    for r in records:
        for key in VOLATILE:
            r.pop(key)
    return sorted(json.dumps(r, sort_keys=True) for r in records)


def _findings(out: Path) -> list[str]:
    return sorted(line for line in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines())


def _site(out: Path) -> dict[str, Any]:
    site = json.loads((out / "site.json").read_text(encoding="utf-8"))
    site["site"].pop("crawled_at")
    return site


def _interrupt(args: list[str], out: Path, sig: str, after: int, cwd: Path = NEUTRAL) -> subprocess.CompletedProcess:
    """Run `clinicaudit ARGS` and send it `sig` once `after` URLs are in `out`."""
    proc = subprocess.Popen([sys.executable, "-m", "clinicaudit", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "CI": "true"})
    pages = out / "pages.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if pages.is_file() and pages.read_bytes().count(b"\n") >= after:
            break
        time.sleep(0.05)
    proc.send_signal(getattr(signal, sig))
    stdout, stderr = proc.communicate(timeout=90)
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


def test_resumed_run_equals_an_uninterrupted_run(site, tmp_path):
    base, options, sig, interruptions = site
    whole = run_cli("audit", base, "--out", str(tmp_path / "whole"), *options)
    assert whole.returncode == 0, whole.stderr
    total = len(_pages(tmp_path / "whole"))

    out, db = tmp_path / "resumed", tmp_path / "history.sqlite"
    args = ["audit", base, "--out", str(out), "--db", str(db), *options]
    done = 0
    for _ in range(interruptions):
        stopped = _interrupt(args, out, sig, after=done + 4)
        run = json.loads((out / "run.json").read_text(encoding="utf-8"))
        assert run["complete"] is False and run["finish_reason"] == "shutdown", stopped.stderr
        assert done + 4 <= len(_pages(out)) < total, "the signal should land mid-crawl"
        assert stopped.returncode == 130 and f"clinicaudit audit --resume {out}" in stopped.stderr
        assert "stopping: the requests in flight finish" in stopped.stderr  # said as soon as the signal came
        assert "Traceback" not in stopped.stderr
        # the interrupted run is reported as it stands, with how to go on
        assert f"clinicaudit audit --resume {out}" in (out / "summary.md").read_text(encoding="utf-8")
        assert f"clinicaudit audit --resume {out}" in (out / "report.html").read_text(encoding="utf-8")
        done = len(_pages(out))
        args = ["audit", "--resume", str(out)]

    last = run_cli(*args)
    assert last.returncode == whole.returncode, last.stderr
    assert "Traceback" not in last.stderr
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["complete"] is True and run["finish_reason"] == "finished" and len(run["resumed"]) == interruptions
    assert run["pages"] == total
    assert _pages(out) == _pages(tmp_path / "whole")
    assert _findings(out) == _findings(tmp_path / "whole")
    assert _site(out) == _site(tmp_path / "whole")
    assert not (out / ".clinicaudit").exists()  # the work area goes once the run is complete
    assert "did not finish" not in (out / "summary.md").read_text(encoding="utf-8")
    assert (out / "invalid.jsonl").read_text(encoding="utf-8") == ""

    # The history holds one run, now complete, with the findings of the whole crawl.
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT id, complete, pages FROM runs").fetchall() == [(1, 1, total)]
        assert con.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == len(_findings(out))

    again = run_cli("audit", "--resume", str(out))
    assert again.returncode == 2 and "nothing to resume" in again.stderr


def test_resume_usage_errors(tmp_path):
    missing = run_cli("audit", "--resume", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "nothing to resume" in missing.stderr
    both = run_cli("audit", "http://127.0.0.1:9/", "--resume", str(tmp_path))
    assert both.returncode == 2 and "give no TARGET or --out" in both.stderr
    neither = run_cli("audit")
    assert neither.returncode == 2 and "needs a TARGET and --out" in neither.stderr
    assert "Traceback" not in missing.stderr + both.stderr + neither.stderr


def test_an_interrupted_demo_resumes_on_the_port_it_was_served_on(tmp_path):
    """A folder target (here the demo, which clinicaudit serves itself) is served again on the same port, so the
    queued URLs still lead somewhere. The pace comes from clinicaudit.toml in the working folder."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    (cwd / "clinicaudit.toml").write_text("[crawl]\nconcurrency = 1\ndelay = 0.25\n", encoding="utf-8")
    whole = run_cli("demo", "--out", str(tmp_path / "whole"))
    out = tmp_path / "resumed"
    stopped = _interrupt(["demo", "--out", str(out)], out, "SIGINT", after=4, cwd=cwd)
    assert stopped.returncode == 130, stopped.stderr
    served = json.loads((out / ".clinicaudit" / "job.json").read_text(encoding="utf-8"))
    assert Path(served["folder"]).name == "demo_site" and served["port"]
    assert 4 <= len(_pages(out)) < len(_pages(tmp_path / "whole")), "the signal should land mid-crawl"

    resumed = run_cli("audit", "--resume", str(out))
    assert resumed.returncode == whole.returncode == 0, resumed.stderr
    assert f"on http://127.0.0.1:{served['port']}/" in resumed.stderr
    # Each run is served on its own port, which the crawled URLs name; the public URLs (--site-url) are the same.
    public = [sorted(json.loads(p)["public_url"] for p in _pages(folder)) for folder in (out, tmp_path / "whole")]
    assert public[0] == public[1]
    assert _findings(out) == _findings(tmp_path / "whole")
    sites = [_site(folder) for folder in (out, tmp_path / "whole")]
    for site in sites:
        site["site"].pop("url")
    assert sites[0] == sites[1]


def test_a_second_ctrl_c_stops_at_once_with_exit_130_and_whole_lines(tmp_path):
    server = _slow_server(demo_folder(), 1.0)  # each answer a second late: the first stop has requests to wait for
    out = tmp_path / "out"
    config = tmp_path / "slow.toml"
    config.write_text("[crawl]\nconcurrency = 2\n", encoding="utf-8")
    try:
        proc = subprocess.Popen([sys.executable, "-m", "clinicaudit", "audit", f"http://127.0.0.1:{server.server_port}/",
                                 "--out", str(out), "--db", "none", "--site-url", DEMO_SITE_URL, "--config",
                                 str(config)], cwd=NEUTRAL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "CI": "true"})
        pages = out / "pages.jsonl"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (pages.is_file() and pages.read_bytes().count(b"\n") >= 2):
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=90)
    finally:
        server.shutdown()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "stopping at once" in stderr
    for line in pages.read_text(encoding="utf-8").splitlines():
        json.loads(line)  # whole lines only
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["complete"] is False
