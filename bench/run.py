"""Speed of `clinicaudit audit` against a no-op Scrapy crawl of the same local site, as a ratio of CPU time.

    python bench/run.py [--pages 250] [--small 50]

Builds sites of CMS-like pages of about 46 KB (the demo's Dry Needling page padded with page-builder markup, with
its JSON-LD graph, lazy images and a 40-link menu), serves each from a separate process on 127.0.0.1, and crawls it
in a process of its own. What counts is the crawl process's CPU time (user + system), so the server and the
machine's other load stay out of it. Each crawler runs on a small and a large site; the difference divided by the
difference in responses is the marginal CPU per page, which cancels start-up and shut-down. Each crawl runs
--repeat times and the least CPU counts (interference only ever adds). Prints a table and writes
bench/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEMO = HERE.parent / "clinicaudit" / "demo_site"


def build_site(folder: Path, pages: int) -> int:
    template = (DEMO / "dryneedling.html").read_text(encoding="utf-8")
    template = template.replace("https://strathconaphysicaltherapy.com", "")
    menu = "".join(f'<li class="menu-item"><a href="/page-{i}">Service page {i}</a></li>' for i in range(40))
    filler = ('<section class="elementor-section"><div class="elementor-container"><div class="elementor-column">'
              '<div class="elementor-widget-wrap"><div class="elementor-widget elementor-widget-text-editor">'
              '<div class="elementor-widget-container"><p>Our physiotherapists combine hands-on care with exercise '
              'programs tailored to you, so that you recover faster and stay well.</p></div></div></div></div></div>'
              '</section>')
    size = 0
    for i in range(pages):
        links = "".join(f'<a href="/page-{(i * 7 + k) % pages}">related {k}</a>' for k in range(12))
        html = template.replace("<main", f'<nav class="bench-menu"><ul>{menu}</ul></nav><main', 1)
        html = html.replace("</main>", f"<div class='related'>{links}</div></main>", 1)
        while len(html) < 46_000:
            html = html.replace("</main>", filler + "</main>", 1)
        (folder / f"page-{i}.html").write_text(html, encoding="utf-8")
        size += len(html)
    (folder / "index.html").write_text((folder / "page-0.html").read_text(encoding="utf-8"), encoding="utf-8")
    return size // pages


def cpu_of(cmd: list[str], cwd: str) -> tuple[float, float, subprocess.CompletedProcess]:
    """CPU seconds (user + system) and wall seconds of one command, run from `cwd`: outside the repository, so
    that the no-op crawl does not pick up this project's scrapy.cfg and its pipelines."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall, proc


def crawl(name: str, url: str, tmp: str, pages: int) -> dict[str, float]:
    out = Path(tmp) / f"out-{name}-{pages}"
    if name == "noop":
        cmd = [sys.executable, "-m", "scrapy", "runspider", str(HERE / "noop_spider.py"), "-a", f"url={url}"]
    else:
        config = Path(tmp) / "bench.toml"  # /page-N is one URL shape: lift the crawl-trap cap for the benchmark
        config.write_text("[crawl]\nmax_per_pattern = 1000000\n", encoding="utf-8")
        cmd = [sys.executable, "-m", "clinicaudit", "audit", url, "--out", str(out), "--max-pages",
               str(pages * 2), "--ignore-robots", "--config", str(config)]
    cpu, wall, proc = cpu_of(cmd, tmp)
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{name} failed:\n{proc.stderr[-2000:]}")
    if name == "noop":
        responses = int(re.search(r"'response_received_count': (\d+)", proc.stderr).group(1))
    else:
        responses = sum(1 for _ in open(out / "pages.jsonl", encoding="utf-8"))
    return {"cpu_s": cpu, "wall_s": wall, "responses": responses}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=250)
    parser.add_argument("--small", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each crawl; the least CPU counts")
    args = parser.parse_args()
    runs: dict[str, dict[int, dict[str, float]]] = {"noop": {}, "clinicaudit": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for pages in (args.small, args.pages):
            site = Path(tmp) / f"site-{pages}"
            site.mkdir()
            avg = build_site(site, pages)
            server = subprocess.Popen(
                [sys.executable, "-c", "import sys, time; from clinicaudit.serve import serve_folder\n"
                 "with serve_folder(sys.argv[1]) as url:\n print(url, flush=True)\n time.sleep(3600)", str(site)],
                stdout=subprocess.PIPE, text=True)
            url = server.stdout.readline().strip()
            try:
                for name in runs:
                    tries = [crawl(name, url, tmp, pages) for _ in range(args.repeat)]
                    runs[name][pages] = min(tries, key=lambda r: r["cpu_s"])
            finally:
                server.terminate()
    report: dict[str, object] = {"pages": [args.small, args.pages], "avg_page_bytes": avg, "cores": os.cpu_count()}
    per_page = {}
    for name, by_size in runs.items():
        small, big = by_size[args.small], by_size[args.pages]
        marginal = (big["cpu_s"] - small["cpu_s"]) / (big["responses"] - small["responses"])
        per_page[name] = marginal * 1000
        report[name] = {"cpu_ms_per_page": round(marginal * 1000, 2),
                        "startup_cpu_s": round(small["cpu_s"] - marginal * small["responses"], 2),
                        "runs": {str(k): {kk: round(vv, 3) for kk, vv in v.items()} for k, v in by_size.items()}}
    report["ratio"] = round(per_page["clinicaudit"] / per_page["noop"], 2)
    (HERE / "results.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"sites of {args.small} and {args.pages} pages of ~{avg // 1000} KB; marginal CPU per response:")
    for name in runs:
        r = report[name]
        print(f"  {name:12} {r['cpu_ms_per_page']:7.2f} ms/page   (start-up and shut-down {r['startup_cpu_s']:.2f} s)")
    print(f"  ratio        {report['ratio']:7.2f} x the no-op crawl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
