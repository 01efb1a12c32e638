"""Exit codes and messages off the normal path: a site that never answers (DNS, refused) is named first and stored
as an incomplete run; a file-system error is one line, not a traceback, unless --debug asks for it."""

from __future__ import annotations

import json
import socket

from tests.conftest import run_cli


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def test_a_host_that_does_not_resolve_is_named_first_and_the_run_is_incomplete(tmp_path):
    db = tmp_path / "history.db"
    run = run_cli("audit", "http://no-such-host.invalid/", "--out", str(tmp_path / "out"), "--db", str(db))
    assert run.returncode == 2
    lines = _lines(run.stderr)
    cause = next(i for i, line in enumerate(lines) if "cannot reach the site" in line)
    assert "no-such-host.invalid does not resolve" in lines[cause]
    assert cause < next(i for i, line in enumerate(lines) if line.startswith("crawled "))
    assert "Traceback" not in run.stderr and " ERROR: " not in run.stderr  # Scrapy's own error lines: -v only
    assert "RFC 9309" not in run.stderr  # the unreachable robots.txt is no separate story
    record = json.loads((run.out / "run.json").read_text(encoding="utf-8"))
    assert record["complete"] is False and record["finish_reason"] == "unreachable"
    history = run_cli("history", "--db", str(db))
    assert "incomplete" in history.stdout


def test_a_refused_connection_is_named_first(tmp_path):
    port = _closed_port()
    run = run_cli("audit", f"http://127.0.0.1:{port}/", "--out", str(tmp_path / "out"), "--db", "none")
    assert run.returncode == 2
    first = next(line for line in _lines(run.stderr) if line.startswith("clinicaudit"))
    assert f"http://127.0.0.1:{port} refused the connection" in first


def test_a_file_system_error_is_one_line_and_debug_shows_the_traceback(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder is needed", encoding="utf-8")
    config = tmp_path / "config-is-a-folder"
    config.mkdir()
    for args in (["--db", str(blocker / "history.db")], ["--config", str(config)]):
        run = run_cli("audit", "http://127.0.0.1:9/", "--out", str(tmp_path / "out"), *args)
        assert run.returncode == 2
        assert "Traceback" not in run.stderr
        assert str(blocker if "--db" in args else config) in run.stderr
    # an error no check foresaw (a folder where report.html is to be written): one line; --debug shows the traceback
    audited = run_cli("audit", "http://no-such-host.invalid/", "--out", str(tmp_path / "audited"), "--db", "none")
    target = tmp_path / "reports"
    (target / "report.html").mkdir(parents=True)
    plain = run_cli("report", str(audited.out), "--out", str(target))
    assert plain.returncode == 2 and "Traceback" not in plain.stderr
    assert "report.html" in plain.stderr and "--debug" in plain.stderr
    debug = run_cli("report", str(audited.out), "--out", str(target), "--debug")
    assert debug.returncode != 0 and "Traceback" in debug.stderr and "IsADirectoryError" in debug.stderr
