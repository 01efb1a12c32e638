"""What a person sees while a crawl runs: a live line on a terminal, plain lines in CI."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from tests.conftest import NEUTRAL, run_cli


def test_plain_progress_lines_under_ci(behaviour_server_url, tmp_path):
    run = run_cli("audit", behaviour_server_url + "/", "--out", str(tmp_path), "--max-depth", "1")
    done = [line for line in run.stderr.splitlines() if line.startswith("done: pages ")]
    assert len(done) == 1 and "errors" in done[0] and "pages/s" in done[0]
    assert "\x1b[" not in run.stderr  # no terminal control codes in a CI log


def test_live_progress_on_a_terminal(behaviour_server_url, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    primary, secondary = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "clinicaudit", "audit", behaviour_server_url + "/", "--out",
                             str(tmp_path), "--max-depth", "1"], stdin=secondary, stdout=secondary,
                            stderr=secondary, cwd=NEUTRAL, env=env)
    os.close(secondary)
    output = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert proc.wait(timeout=120) in (0, 3)
    text = output.decode("utf-8", "replace")
    assert "\x1b[" in text  # rich drew a live status line
    assert "done: pages " in text
