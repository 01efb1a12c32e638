"""What resumability costs: the same crawl with and without Scrapy's job folder (JOBDIR: the disk queue of requests
and the spider's state, which `clinicaudit audit --resume` continues from), on bench/run.py's generated site served
by nginx. Both crawls are `scrapy crawl site` from this project, with the same pipelines (reading, extraction, every
page rule, the output files); only JOBDIR differs. Runs alternate, `--rounds` times each.

    python bench/resume_cost.py [--pages 2000] [--rounds 2] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gensite  # noqa: E402
from run import Nginx, free_port, measure  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="clinicaudit-resume-cost-"))
    tmp.chmod(0o755)
    try:
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        site = tmp / "site"
        site.mkdir()
        gensite.build(site, args.pages, origin=url.rstrip("/"))
        nginx = Nginx(site, tmp, port)
        walls: dict[str, list[float]] = {"without JOBDIR": [], "with JOBDIR": []}
        try:
            for _ in range(args.rounds):
                for label in walls:
                    out = tmp / "out"
                    shutil.rmtree(out, ignore_errors=True)
                    cmd = [sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"url={url}", "--loglevel", "WARNING",
                           "-s", f"CLINICAUDIT_OUT={out}", "-s", f"CLINICAUDIT_MAX_PAGES={args.pages * 3}",
                           "-s", "CLINICAUDIT_MAX_PER_PATTERN=1000000",
                           "-s", f"CONCURRENT_REQUESTS={args.concurrency}",
                           "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={args.concurrency}"]
                    if label == "with JOBDIR":
                        cmd += ["-s", f"JOBDIR={out / '.clinicaudit' / 'job'}"]
                    result = measure(cmd, HERE.parent)
                    pages = sum(1 for _ in (out / "pages.jsonl").open(encoding="utf-8"))
                    walls[label].append(result["wall_s"])
                    print(f"{label:15} wall {result['wall_s']:6.1f} s  CPU {result['cpu_s']:6.1f} s  ({pages} URLs)",
                          flush=True)
        finally:
            nginx.stop()
        base, job = (min(walls[k]) for k in ("without JOBDIR", "with JOBDIR"))
        print(f"best of {args.rounds}: without {base:.1f} s, with {job:.1f} s: JOBDIR costs {100 * (job / base - 1):+.1f} %")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
