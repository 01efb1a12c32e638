"""The top functions of a py-spy profile, by the share of samples they appear in (inclusive) or end in (self).

    py-spy record -r 200 -f raw -o profile.txt -- python -m clinicaudit audit URL --out OUT --jobs 0 ...
    python bench/top.py profile.txt [--under ReadPipeline] [--self] [-n 30]

`--jobs 0` reads the pages in the crawl's own process, so that one profile holds the crawl and the audit;
`--under NAME` keeps only the samples whose stack passes through a function whose name contains NAME, and gives
shares of those.
"""

from __future__ import annotations

import argparse
from collections import Counter


def frame_name(frame: str) -> str:
    """`func (path/to/module.py:123)` → `func (module.py)`."""
    name, _, where = frame.partition(" (")
    return f"{name} ({where.rsplit('/', 1)[-1].split(':')[0]})" if where else name


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("profile")
    parser.add_argument("--under", default="")
    parser.add_argument("--self", dest="own", action="store_true", help="count the function a sample ends in")
    parser.add_argument("-n", type=int, default=30)
    args = parser.parse_args()
    counts: Counter[str] = Counter()
    total = 0
    with open(args.profile, encoding="utf-8") as fh:
        for line in fh:
            stack, _, n = line.rstrip("\n").rpartition(" ")
            frames = [frame_name(f) for f in stack.split(";")]
            if args.under and not any(args.under in f for f in frames):
                continue
            total += int(n)
            for name in ([frames[-1]] if args.own else set(frames)):
                counts[name] += int(n)
    print(f"{total} samples" + (f" under {args.under}" if args.under else ""))
    for name, n in counts.most_common(args.n):
        print(f"{100 * n / max(total, 1):5.1f} %  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
