#!/usr/bin/env python3
"""Which mappings make one process's memory larger than another's.

The memory benchmark (tests/e2e/lean_bench.rs) copies each measured process's /proc/PID/smaps
into a directory when STYREBORD_BENCH_SMAPS=DIR is set. This sums PSS by mapping (a file by its
name, anonymous memory by its permissions) for two sets of those copies and prints the
mappings by their difference, largest first:

    scripts/smaps-diff.py DIR/03-bare_window-*.smaps DIR/04-styrebord-*.smaps
    scripts/smaps-diff.py --top 40 'A1.smaps,A2.smaps' 'B1.smaps,B2.smaps'

Each side is one file or a comma-separated list (summed). Standard library only.
"""

import argparse
import collections
import re
import sys

MAPPING = re.compile(r"^[0-9a-f]+-[0-9a-f]+ ")


def pss_by_mapping(path):
    """PSS in KiB per mapping name in one smaps file."""
    totals = collections.Counter()
    name = None
    with open(path, encoding="utf-8", errors="replace") as smaps:
        for line in smaps:
            if MAPPING.match(line):
                fields = line.split(None, 5)
                perms = fields[1]
                target = fields[5].strip() if len(fields) > 5 else ""
                if not target:
                    name = f"[anon {perms}]"
                elif target.startswith("/"):
                    # A file by its name; its writable mappings (relocated data) apart.
                    name = target.rsplit("/", 1)[-1] + (f" {perms}" if "w" in perms else "")
                else:
                    name = target
            elif line.startswith("Pss:") and name is not None:
                totals[name] += int(line.split()[1])
    return totals


def side(spec):
    total = collections.Counter()
    for path in spec.split(","):
        total.update(pss_by_mapping(path))
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", help="the baseline: one smaps file, or several joined by commas")
    parser.add_argument("b", help="the one compared with it")
    parser.add_argument("--top", type=int, default=20, help="rows each way (default 20)")
    args = parser.parse_args()
    a, b = side(args.a), side(args.b)
    rows = sorted(set(a) | set(b), key=lambda k: b[k] - a[k], reverse=True)
    mib = lambda kib: kib / 1024
    print(f"PSS, MiB: a {mib(sum(a.values())):.2f}, b {mib(sum(b.values())):.2f}")
    print(f"{'b - a':>8} {'a':>8} {'b':>8}  mapping")
    larger = [k for k in rows if b[k] > a[k]][: args.top]
    smaller = [k for k in reversed(rows) if b[k] < a[k]][: args.top]
    for k in larger + ["..."] + smaller:
        if k == "...":
            print("     ...")
            continue
        print(f"{mib(b[k] - a[k]):8.2f} {mib(a[k]):8.2f} {mib(b[k]):8.2f}  {k}")


if __name__ == "__main__":
    sys.exit(main())
