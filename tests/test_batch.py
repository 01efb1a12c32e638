"""`clinicaudit batch` (issue #16): many sites in one command, each in its own run folder, with one overview; a
site that fails is recorded and the batch goes on; the exit code is the worst of the sites'. Real audits of fixture
sites served on 127.0.0.1."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

from tests.conftest import SITES, run_cli
from tests.static_host import serve_plain

THREE = ("divi-chiro", "wp-avada", "hugo")


def _key(site: str) -> dict:
    return json.loads((SITES / site / "key.json").read_text(encoding="utf-8"))


def _host(url: str) -> str:
    return re.sub(r"^https?://", "", url).split("/")[0].split(":")[0]


def test_a_batch_of_three_sites_and_a_dead_one(tmp_path):
    out = tmp_path / "batch"
    db = tmp_path / "history.db"
    with contextlib.ExitStack() as stack:
        bases = {site: stack.enter_context(serve_plain(SITES / site / "public")) for site in THREE}
        lines = ["# three clinics and one that is gone", ""]
        lines += [f"{bases[site]}  {_key(site)['site_url']}   # {site}" for site in THREE]
        lines.append("http://127.0.0.1:9/<script>alert(1)</script>")  # nothing listens on port 9
        sites_file = tmp_path / "sites.txt"
        sites_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        first = run_cli("batch", str(sites_file), "--out", str(out), "--parallel", "2", "--db", str(db),
                        "--auth", "someone:hunter2-secret", timeout=600)
        second = run_cli("batch", str(sites_file), "--out", str(out), "--parallel", "2", "--db", str(db),
                         timeout=600)
    for run in (first, second):
        assert "Traceback" not in run.stderr
        assert run.returncode == 2, run.stderr  # the worst of the sites': the dead one failed
    assert "3 of 4 sites audited, 1 failed" in second.stderr
    record = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert record["exit_code"] == 2
    rows = record["sites"]
    assert [r["status"] for r in rows] == ["ok", "ok", "ok", "failed"] or \
        {r["status"] for r in rows[:3]} <= {"ok", "gate-failed"}
    for site, row in zip(THREE, rows):
        key = _key(site)
        folder = out / _host(key["site_url"])
        assert row["folder"] == folder.name
        assert (folder / "site.json").is_file() and (folder / "report.html").is_file()
        assert row["site"].rstrip("/") == key["site_url"].rstrip("/")
        assert row["services"] == len(key["services"])
        assert row["score"] is not None and 0 <= row["score"] <= 100
        assert row["new"] == 0  # the second run of an unchanged site: nothing new since the first
    dead = rows[3]
    assert dead["status"] == "failed" and dead["exit_code"] == 2
    assert "cannot reach the site" in dead["reason"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in index and "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    for site in THREE:
        assert f'href="{_host(_key(site)["site_url"])}/report.html"' in index
    # the password given for the first batch is written nowhere
    for path in out.rglob("*"):
        if path.is_file():
            assert "hunter2-secret" not in path.read_text(encoding="utf-8", errors="replace"), path


def test_bad_sites_files_and_options_are_usage_errors(tmp_path):
    sites = tmp_path / "sites.txt"
    sites.write_text("https://a.example\nnot-a-folder-or-url\n", encoding="utf-8")
    run = run_cli("batch", str(sites), "--out", str(tmp_path / "o"))
    assert run.returncode == 2 and "line 2" in run.stderr and "Traceback" not in run.stderr
    sites.write_text("# nothing\n\n", encoding="utf-8")
    run = run_cli("batch", str(sites), "--out", str(tmp_path / "o"))
    assert run.returncode == 2 and "no site" in run.stderr
    sites.write_text("https://a.example https://b.example extra\n", encoding="utf-8")
    run = run_cli("batch", str(sites), "--out", str(tmp_path / "o"))
    assert run.returncode == 2 and "line 1" in run.stderr
    sites.write_text("https://a.example\n", encoding="utf-8")
    run = run_cli("batch", str(sites), "--out", str(tmp_path / "o"), "--site-url", "https://b.example")
    assert run.returncode == 2 and "--site-url" in run.stderr
    run = run_cli("batch", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o"))
    assert run.returncode == 2 and "no such sites file" in run.stderr


def test_a_folder_target_and_a_gate(tmp_path):
    """A folder line (relative to the sites file) with its production URL; a gate that fails sets exit code 1."""
    sites = tmp_path / "sites.txt"
    site = SITES / "handwritten"
    link = tmp_path / "handwritten-build"
    link.symlink_to(site / "public", target_is_directory=True)
    sites.write_text(f"handwritten-build {_key('handwritten')['site_url']}\n", encoding="utf-8")
    run = run_cli("batch", str(sites), "--out", str(tmp_path / "o"), "--fail-on", "notice", "--format", "html",
                  timeout=300)
    assert run.returncode == 1, run.stderr
    record = json.loads((tmp_path / "o" / "batch.json").read_text(encoding="utf-8"))
    row = record["sites"][0]
    assert row["status"] == "gate-failed" and row["folder"] == _host(_key("handwritten")["site_url"])
    assert row["score"] is not None  # report.json was written for the overview, though only html was asked for


def test_ctrl_c_stops_the_batch_and_keeps_the_overview(tmp_path):
    """SIGINT: the running audit stops cleanly (its run stays resumable), no new site starts, the overview is
    written, and the exit code is 130."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from http.server import BaseHTTPRequestHandler

    from tests.conftest import NEUTRAL, serve

    class Slow(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            time.sleep(0.3)
            n = int(self.path.strip("/") or 0) if self.path.strip("/").isdigit() else 0
            body = (f"<!doctype html><html lang='en'><head><title>Page {n}</title></head><body><main><h1>Page {n}"
                    f"</h1><a href='/{n + 1}'>next</a> <a href='/{n + 2}'>skip</a></main></body></html>").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server, base = serve(Slow)
    sites = tmp_path / "sites.txt"
    sites.write_text(f"{base}/\n{base}/1\n", encoding="utf-8")
    out = tmp_path / "o"
    try:
        proc = subprocess.Popen([sys.executable, "-m", "clinicaudit", "batch", str(sites), "--out", str(out),
                                 "--parallel", "1", "--db", "none"], cwd=NEUTRAL, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "CI": "true"})
        log = out / "logs"
        deadline = time.monotonic() + 60
        while not (out / "127.0.0.1_{}".format(base.rsplit(":", 1)[1]) / "pages.jsonl").is_file():
            assert time.monotonic() < deadline and proc.poll() is None, "the first audit never started"
            time.sleep(0.2)
        time.sleep(2)  # a few pages in
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=120)
    finally:
        server.shutdown()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and log.is_dir()
    record = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    first, second = record["sites"]
    assert first["status"] == "interrupted" and first["exit_code"] == 130
    assert second["status"] == "interrupted" and "not started" in second["reason"]
    run = json.loads((out / first["folder"] / "run.json").read_text(encoding="utf-8"))
    assert run["complete"] is False and run["finish_reason"] == "shutdown"
    assert (out / "index.html").is_file()


def test_folder_names_never_collide_and_options_are_not_abbreviated(tmp_path):
    from clinicaudit.batch import Target, _name_folders

    targets = [Target(t, None, i) for i, t in enumerate(
        ["http://site/", "http://site/", "http://site-2/", "http://logs/", "http://index.html/"], 1)]
    _name_folders(targets)
    folders = [t.folder for t in targets]
    assert len(set(folders)) == len(folders)
    assert not {"logs", "index.html", "batch.json"} & set(folders)
    sites = tmp_path / "sites.txt"
    sites.write_text("https://a.example\n", encoding="utf-8")
    run = run_cli("batch", str(sites), "--o", str(tmp_path / "o"))
    assert run.returncode == 2 and "Traceback" not in run.stderr
