"""One distributed audit for bench/run.py's `clinicaudit-redis-K` tools: a redis-server of its own on a free port,
K `clinicaudit worker` processes, and the collecting `clinicaudit audit ... --redis`, all below this process, so that
the benchmark's wall time, CPU time and memory cover the whole tree.

    python bench/redis_run.py K URL -- AUDIT_ARGS...
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time


def main() -> int:
    k, url, rest = int(sys.argv[1]), sys.argv[2], sys.argv[sys.argv.index("--") + 1:]
    server = shutil.which("redis-server")
    if server is None:
        sys.exit("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    folder = tempfile.mkdtemp(prefix="clinicaudit-bench-redis-")
    redis = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                              "--dir", folder], stdout=subprocess.DEVNULL)
    target = f"redis://127.0.0.1:{port}/0"
    workers = []
    try:
        time.sleep(0.3)
        for _ in range(k):
            workers.append(subprocess.Popen([sys.executable, "-m", "clinicaudit", "worker", target],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        return subprocess.call([sys.executable, "-m", "clinicaudit", "audit", url, *rest, "--redis", target])
    finally:
        for proc in workers:
            proc.send_signal(signal.SIGTERM)
        for proc in workers:
            proc.wait(30)
        redis.terminate()
        redis.wait(10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
