"""The crawl benchmark: clinicaudit against a bare Scrapy crawl and advertools, on one generated site served by nginx.

    python bench/run.py [--sizes 500,2000,10000] [--concurrency 32] [--jobs N] [--tools floor,advertools,clinicaudit]

`--tools` also takes clinicaudit-none, clinicaudit-auto and clinicaudit-js: `clinicaudit audit --render MODE`
(plain `clinicaudit` is the default mode for a URL, auto). Rendering needs Debian's chromium.
`clinicaudit-redis-K` runs the audit with `--redis` and K local `clinicaudit worker` processes on a redis-server of
its own (bench/redis_run.py; Debian's redis-server): docs/distributed.md.

For each size N it generates a clinic site of N pages (bench/gensite.py: 30–60 KB of page-builder markup a page,
deterministic from --seed), serves it with nginx on 127.0.0.1 (Debian's nginx-light; started with a configuration
of its own and stopped by its PID), and crawls it three times, each crawl in its own process:

1. **floor**: bench/noop_spider.py, a bare Scrapy spider that follows links and yields each URL once;
2. **advertools**: `advertools.crawl` (follow links), the nearest open-source peer;
3. **clinicaudit**: `clinicaudit audit` with every rule on and every output written.

Every crawl runs at the same concurrency (--concurrency requests at a time). For each it prints the wall time, the
pages per second, the CPU time (user + system, the whole process tree, workers included) and the peak RSS of the
process tree (sampled from /proc every 0.1 s), then clinicaudit's wall time over the floor's and over
advertools'. The results go to bench/results.json. Speed is never asserted in the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gensite  # noqa: E402

NGINX_CONF = """worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  keepalive_timeout 65;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{port};
    root {root};
    index index.html;
    location / {{ try_files $uri $uri/ =404; }}
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    """nginx serving one folder on 127.0.0.1, in the foreground of a process of its own (stopped by its PID)."""

    def __init__(self, root: Path, tmp: Path, port: int) -> None:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists():
            raise SystemExit("nginx is not installed: apt-get install nginx-light")
        conf = tmp / "nginx.conf"
        conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, root=root), encoding="utf-8")
        self.proc = subprocess.Popen([binary, "-c", str(conf), "-p", str(tmp)], stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("nginx did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def _tree_memory(root_pid: int) -> tuple[int, int]:
    """The resident memory of a process and all its descendants, in bytes: the sum of their RSS, and the sum of their
    PSS (proportional set size: a page shared by k processes counts 1/k in each). Chromium runs as a dozen processes
    that share most of their pages, so the RSS sum counts those many times over; the PSS sum counts them once."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    rss = pss = 0
    todo = [root_pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
                rss += int(fh.read().split()[1]) * page
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
                        break
        except (OSError, ValueError, IndexError):
            pass
    return rss, pss


def measure(cmd: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> dict[str, float]:
    """Wall time, CPU time of the process tree and its peak RSS, for one command (run with this Python's scripts
    first on PATH: advertools starts `scrapy` by name)."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = peak_pss = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        while not stop.is_set():
            rss, pss = _tree_memory(proc.pid)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in ok:
        raise SystemExit(f"{cmd[:4]} failed ({proc.returncode}):\n{err[-3000:]}")
    return {"wall_s": wall, "cpu_s": cpu, "peak_rss_mb": peak / 1e6, "peak_pss_mb": peak_pss / 1e6, "stdout": out,
            "stderr": err}


def crawl(tool: str, url: str, tmp: Path, n: int, concurrency: int, jobs: int | None) -> dict[str, float]:
    out = tmp / f"out-{tool}-{n}"
    shutil.rmtree(out, ignore_errors=True)
    if tool == "floor":
        feed = tmp / f"floor-{n}.jsonl"
        feed.unlink(missing_ok=True)
        cmd = [sys.executable, "-m", "scrapy", "runspider", str(HERE / "noop_spider.py"), "-a", f"url={url}",
               "-s", f"CONCURRENT_REQUESTS={concurrency}", "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}",
               "-O", str(feed)]
        result = measure(cmd, tmp)
        pages = sum(1 for _ in feed.open(encoding="utf-8"))
    elif tool == "advertools":
        feed = tmp / f"advertools-{n}.jsonl"
        feed.unlink(missing_ok=True)
        code = ("import sys, advertools as adv\n"
                "adv.crawl(sys.argv[1], sys.argv[2], follow_links=True, allowed_domains=['127.0.0.1'],\n"
                "          custom_settings={"
                f"'CONCURRENT_REQUESTS': {concurrency}, 'CONCURRENT_REQUESTS_PER_DOMAIN': {concurrency}, "
                "'LOG_LEVEL': 'WARNING', 'ROBOTSTXT_OBEY': False})")
        result = measure([sys.executable, "-c", code, url, str(feed)], tmp)
        pages = sum(1 for _ in feed.open(encoding="utf-8"))
    else:  # clinicaudit, clinicaudit-none, clinicaudit-js, clinicaudit-auto: the suffix is --render's mode
        config = tmp / "bench.toml"  # every page of a section has one URL shape: lift the crawl-trap cap
        config.write_text("[crawl]\nmax_per_pattern = 1000000\n", encoding="utf-8")
        cmd = [sys.executable, "-m", "clinicaudit", "audit", url, "--out", str(out), "--max-pages", str(n * 3),
               "--concurrency", str(concurrency), "--config", str(config), "--db", "none"]
        if jobs is not None:
            cmd += ["--jobs", str(jobs)]
        if tool.startswith("clinicaudit-redis-"):  # K workers on a Redis of its own (bench/redis_run.py)
            cmd = [sys.executable, str(HERE / "redis_run.py"), tool.rsplit("-", 1)[1], url, "--", *cmd[5:]]
        elif "-" in tool:
            cmd += ["--render", tool.split("-", 1)[1]]
        result = measure(cmd, tmp, ok=(0, 1))  # 1: the run's gate failed, which says nothing of its speed
        pages = sum(1 for _ in (out / "pages.jsonl").open(encoding="utf-8"))
        run = json.loads((out / "run.json").read_text(encoding="utf-8"))
        result["findings"] = sum(run.get("counts", {}).values())
    result["pages"] = pages
    result["pages_per_s"] = pages / result["wall_s"]
    result.pop("stdout")
    result.pop("stderr")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,2000,10000", help="site sizes in pages (comma-separated)")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--jobs", type=int, default=None, help="clinicaudit's --jobs (default: its own default)")
    parser.add_argument("--tools", default="floor,advertools,clinicaudit")
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--keep", type=Path, help="keep the sites and outputs in this folder")
    parser.add_argument("--results", type=Path, default=HERE / "results.json", help="where to write the results")
    args = parser.parse_args()
    tools = [t for t in args.tools.split(",") if t]
    results: dict[str, dict[str, dict[str, float]]] = {}
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="clinicaudit-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    tmp.chmod(0o755)  # nginx's worker runs as another user when started by root: it must read the site
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            port = free_port()
            url = f"http://127.0.0.1:{port}/"
            site = tmp / f"site-{n}"
            shutil.rmtree(site, ignore_errors=True)
            site.mkdir()
            size = gensite.build(site, n, seed=args.seed, origin=url.rstrip("/"))
            nginx = Nginx(site, tmp, port)
            try:
                results[str(n)] = {"avg_page_kb": round(size / 1000, 1)}  # type: ignore[dict-item]
                for tool in tools:
                    r = crawl(tool, url, tmp, n, args.concurrency, args.jobs)
                    results[str(n)][tool] = {k: round(v, 2) for k, v in r.items()}
                    print(f"N={n:<6} {tool:12} wall {r['wall_s']:7.1f} s  {r['pages_per_s']:6.0f} pages/s  "
                          f"CPU {r['cpu_s']:7.1f} s  peak RSS {r['peak_rss_mb']:5.0f} MB  "
                          f"(PSS {r['peak_pss_mb']:5.0f} MB)  ({r['pages']} URLs)",
                          flush=True)
            finally:
                nginx.stop()
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    print()
    print("| pages | tool | wall time | pages/s | CPU time | peak RSS | peak PSS |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for n, by_tool in results.items():
        for tool in tools:
            r = by_tool[tool]
            print(f"| {n} | {tool} | {r['wall_s']:.1f} s | {r['pages_per_s']:.0f} | {r['cpu_s']:.1f} s | "
                  f"{r['peak_rss_mb']:.0f} MB | {r['peak_pss_mb']:.0f} MB |")
    for n, by_tool in results.items():
        for tool in tools:
            if not tool.startswith("clinicaudit"):
                continue
            c = by_tool[tool]["wall_s"]
            ratios = [f"{c / by_tool[t]['wall_s']:.2f}x {t}" for t in ("floor", "advertools", "clinicaudit-none")
                      if t in by_tool and t != tool]
            print(f"N={n}: {tool}'s wall time is {', '.join(ratios)}")
    record = {"when": time.strftime("%Y-%m-%d"), "cores": os.cpu_count(), "concurrency": args.concurrency,
              "jobs": args.jobs, "seed": args.seed, "results": results}
    args.results.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
