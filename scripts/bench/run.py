#!/usr/bin/env python3
"""Runs the repository's benchmarks and prints one table (`make bench`, docs/BENCHMARKS.md).

Every benchmark prints, besides its human output, one line per figure:

    BENCH<TAB>figure<TAB>goal<TAB>min<TAB>median<TAB>max<TAB>unit<TAB>wall_s<TAB>cpu_s<TAB>loadavg

(`-` for an empty field). This script builds what each benchmark needs (not timed), runs it
(timed: wall clock, and the CPU of the command and every process it waited for), gathers those
lines, fills the fields a benchmark left empty (wall, CPU, load) from its own measurement of the
command, and prints the table: figure, goal, min / median / max, wall and CPU time, the 1-minute
load average at the end of the benchmark and the lowest and highest load sampled during it.

    python3 scripts/bench/run.py [--only NAME[,NAME…]] [--list] [--keep-going]

`--only` keeps the benchmarks whose name or one of whose tags is given (`make bench
ONLY=memory,startup`). Standard library only. Logs go to target/bench/<time>/, the table also
to target/bench/<time>/table.md.
"""

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
XVFB = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24 -noreset"]
# The hub as shipped: its own release-hub profile (unwinding; root Cargo.toml says why).
HUB_BUILD = ["cargo", "build", "--profile", "release-hub", "--locked", "-p", "styrebord-hub"]
E2E = ["cargo", "test", "--release", "--locked", "-p", "styrebord", "--test", "e2e"]
# The window benchmarks launch target/release/styrebord. `cargo test` builds that binary too, but
# with the features of the test build (dev-dependencies unified in), so its crates get other
# hashes, their constant data other section names, and src-tauri/hot-rodata.ld matches less than
# half of it (.rodata.hot 0.47 MB instead of 1.07 MB; memory 223 instead of 220 MiB). The shipped
# binary is built last, with `make package`'s command (its layout rebased onto the constants'
# current numbers), so that it is the one measured.
BUILD_APP = [
    ["npm", "--prefix", "ui", "run", "build"],
    ["cargo", "build", "--release", "--locked", "-p", "styrebord-hub", "--bin", "styrebord-hub"],
    E2E + ["--no-run"],
    ["scripts/build-app.sh"],
]


@dataclass
class Bench:
    name: str
    tags: list
    run: list
    build: list = field(default_factory=list)
    needs: list = field(default_factory=list)  # programs that must be on PATH
    xvfb: bool = False
    # Prints BENCH lines. One that prints none has measured nothing (a test filter that matched
    # no test runs "0 tests" and exits 0), which is reported as a failure.
    figures: bool = True


def e2e(test):
    return E2E + ["--", "--ignored", "--nocapture", "--exact", test]


BENCHES = [
    Bench("hub", ["hub"],
          ["target/release-hub/examples/bench"],
          [HUB_BUILD + ["--example", "bench"]],
          needs=["curl"]),
    Bench("hub-upload", ["hub", "upload"],
          ["target/release-hub/examples/upload_bench", "--rounds", "5"],
          [HUB_BUILD + ["--bin", "styrebord-hub", "--example", "upload_bench"]],
          needs=["curl"]),
    # The fast-hub helper's wrk benchmark, when it is in the tree.
    Bench("hub-poll", ["hub", "poll", "wrk"],
          ["target/release-hub/examples/poll_bench"],
          [HUB_BUILD + ["--bin", "styrebord-hub", "--example", "poll_bench"]],
          needs=["wrk"]),
    Bench("hub-live", ["hub", "live"],
          ["cargo", "test", "--release", "--locked", "-p", "styrebord-hub", "--test", "live_bench", "--",
           "--ignored", "--nocapture"],
          [["cargo", "test", "--release", "--locked", "-p", "styrebord-hub", "--test", "live_bench",
            "--no-run"]]),
    Bench("hub-year", ["hub", "year"],
          ["cargo", "test", "--locked", "-p", "styrebord-hub", "--test", "year", "--", "--test-threads", "1"],
          [["cargo", "build", "--locked", "-p", "styrebord-hub", "--bin", "styrebord-hub"],
           ["cargo", "test", "--locked", "-p", "styrebord-hub", "--test", "year", "--no-run"]],
          figures=False),
    Bench("store", ["store", "search", "apply"],
          ["cargo", "test", "--release", "--locked", "-p", "styrebord-store", "--test", "bench", "--",
           "--ignored", "--nocapture", "--test-threads=1"],
          [["cargo", "test", "--release", "--locked", "-p", "styrebord-store", "--test", "bench",
            "--no-run"]]),
    Bench("sync", ["sync"],
          ["cargo", "test", "--release", "--locked", "-p", "styrebord-sync", "--test", "bench", "--",
           "--ignored", "--nocapture", "--test-threads=1"],
          [["cargo", "test", "--release", "--locked", "-p", "styrebord-sync", "--test", "bench",
            "--no-run"]]),
    Bench("sync-long-poll", ["sync", "live"],
          ["cargo", "test", "--locked", "-p", "styrebord-sync", "--test", "desk", "long_poll", "--",
           "--nocapture"],
          [["cargo", "test", "--locked", "-p", "styrebord-sync", "--test", "desk", "--no-run"]]),
    Bench("memory", ["app", "memory"],
          e2e("lean_bench::lean_bench_memory_beside_a_bare_window"),
          BUILD_APP + [["cargo", "build", "--release", "--locked", "-p", "styrebord", "--example",
                        "bare_window"]],
          xvfb=True),
    Bench("startup", ["app", "startup"],
          e2e("lean_bench::lean_bench_start_up_from_exec"),
          BUILD_APP + [["cargo", "build", "--release", "--locked", "-p", "styrebord", "--example",
                        "bare_window"]],
          xvfb=True),
    Bench("app", ["app"],
          e2e("bench::bench_cold_start_and_memory"), BUILD_APP, xvfb=True),
    Bench("app-live", ["app", "live"],
          e2e("live_bench::bench_live_meeting_in_a_member_window"), BUILD_APP, xvfb=True),
]


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


class LoadSampler(threading.Thread):
    """Samples the 1-minute load average every 5 s while a benchmark runs."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples = [loadavg()]
        self.stop = threading.Event()

    def run(self):
        while not self.stop.wait(5):
            self.samples.append(loadavg())


def run_timed(cmd, log, xvfb):
    """Runs cmd (its output to the log and echoed), returns (rc, wall s, CPU s, stdout lines)."""
    argv = (XVFB + cmd) if xvfb else cmd
    start = time.monotonic()
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, errors="replace", bufsize=1)
    lines = []
    for line in proc.stdout:
        log.write(line)
        lines.append(line.rstrip("\n"))
        if line.startswith("BENCH\t"):
            print("  " + line.rstrip("\n").replace("\t", " | "), flush=True)
    # wait4 gives the CPU of the command and of every descendant it waited for.
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - start
    return proc.returncode, wall, usage.ru_utime + usage.ru_stime, lines


def parse(lines):
    rows = []
    for line in lines:
        if not line.startswith("BENCH\t"):
            continue
        parts = line.split("\t")[1:]
        parts += ["-"] * (9 - len(parts))
        rows.append(parts[:9])
    return rows


def fmt_num(v):
    try:
        x = float(v)
    except ValueError:
        return v
    if x == 0:
        return "0"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default="", help="comma-separated benchmark names or tags")
    ap.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    ap.add_argument("--keep-going", action="store_true", default=True)
    args = ap.parse_args()

    if args.list:
        for b in BENCHES:
            print(f"{b.name:16} tags: {', '.join(b.tags)}")
        return 0
    wanted = {w.strip() for w in args.only.split(",") if w.strip()}
    chosen = [b for b in BENCHES if not wanted or b.name in wanted or wanted & set(b.tags)]
    if not chosen:
        print(f"no benchmark matches {args.only!r}; see --list", file=sys.stderr)
        return 2

    stamp = time.strftime("%Y%m%d-%H%M%S")
    outdir = os.path.join(ROOT, "target", "bench", stamp)
    os.makedirs(outdir, exist_ok=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    print(f"make bench: {len(chosen)} benchmark(s), commit {commit}{' + uncommitted changes' if dirty else ''}, "
          f"logs in {os.path.relpath(outdir, ROOT)}", flush=True)

    table = []  # (bench, figure, goal, min, median, max, unit, wall, cpu, load, load range)
    failed = []
    built = set()
    started = time.monotonic()
    for b in chosen:
        if os.path.basename(b.run[0]) == "poll_bench" and not os.path.exists(
                os.path.join(ROOT, "crates/hub/examples/poll_bench.rs")):
            print(f"\n== {b.name}: skipped (no crates/hub/examples/poll_bench.rs yet)")
            continue
        missing = [p for p in b.needs + (["xvfb-run"] if b.xvfb else []) if shutil.which(p) is None]
        if missing:
            print(f"\n== {b.name}: skipped ({', '.join(missing)} not installed)")
            table.append((b.name, f"{b.name}: skipped, {', '.join(missing)} not installed",
                          "-", "-", "-", "-", "-", "-", "-", "-", "-"))
            continue
        print(f"\n== {b.name}: building", flush=True)
        with open(os.path.join(outdir, f"{b.name}.log"), "w") as log:
            ok = True
            for cmd in b.build:
                if tuple(cmd) in built:
                    continue
                log.write(f"$ {' '.join(cmd)}\n")
                log.flush()
                r = subprocess.run(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
                if r.returncode != 0:
                    print(f"   build failed: {' '.join(cmd)} (see {log.name})")
                    ok = False
                    break
                built.add(tuple(cmd))
            if not ok:
                failed.append(b.name)
                continue
            print(f"== {b.name}: running {' '.join(b.run)}", flush=True)
            log.write(f"$ {' '.join(b.run)}\n")
            log.flush()
            sampler = LoadSampler()
            sampler.start()
            rc, wall, cpu, lines = run_timed(b.run, log, b.xvfb)
            sampler.stop.set()
            sampler.join()
            end_load = loadavg()
            load_range = f"{min(sampler.samples + [end_load]):.2f}–{max(sampler.samples + [end_load]):.2f}"
        rows = parse(lines)
        if rc != 0:
            failed.append(b.name)
            print(f"   {b.name} exited with {rc} (see {log.name})")
            rc = f"exit {rc}"
        if not rows and b.figures and rc == 0:
            rc = "no figures"
            failed.append(b.name)
            print(f"   {b.name} printed no BENCH line (see {log.name})")
        if not rows:
            rows = [[f"{b.name}: whole run{'' if rc == 0 else f' (FAILED, {rc})'}",
                     "-", "-", "-", "-", "-", "-", "-", "-"]]
        for figure, goal, mn, med, mx, unit, w, c, load in rows:
            table.append((b.name, figure, goal, mn, med, mx, unit,
                          w if w != "-" else f"{wall:.1f}",
                          c if c != "-" else f"{cpu:.1f}",
                          load if load != "-" else f"{end_load:.2f}",
                          load_range))

    total = time.monotonic() - started
    head = ["bench", "figure", "goal", "min", "median", "max", "unit", "wall s", "CPU s", "load (end)",
            "load (during)"]
    md = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in table:
        cells = list(row)
        for i in (3, 4, 5):
            cells[i] = fmt_num(cells[i])
        md.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    summary = (f"\n{len(table)} figure(s) from {len(chosen)} benchmark(s) in {total / 60:.1f} min; "
               f"commit {commit}{' + uncommitted changes' if dirty else ''}; "
               f"wall and CPU are per benchmark command (CPU includes every process it waited for, "
               f"or the benchmark's own figure where it prints one).")
    out = "\n".join(md) + "\n" + summary + "\n"
    with open(os.path.join(outdir, "table.md"), "w") as f:
        f.write(out)
    print("\n" + out)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
