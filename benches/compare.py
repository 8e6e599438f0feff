#!/usr/bin/env python3
"""Run the workloads in benches/workloads under python3, refscope and (when present) monty.

Each workload prints a small result; refscope's output (and monty's, when it can run the
workload) is first compared with python3's. Then every interpreter runs the workload RUNS
times, alternating (python3, refscope, monty, python3, ...) so that a change in the machine's
load hits all of them alike, and the table shows the median CPU time (user + system of the
child process) and the peak resident memory (max RSS), each as a ratio to python3's.

The scaling check runs the workloads that loop over an input of size N (the `N = ...` line)
at N and 2N and prints the time ratio: about 2 for a linear path, about 4 for a quadratic one.

Usage: benches/compare.py [--runs N] [--only a,b] [--no-monty] [--no-table] [--no-scaling]
                          [--scale K] [--refscope PATH] [--monty PATH]
benches/compare.sh builds the release binary first and passes its arguments here.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
WORKLOADS = os.path.join(HERE, "workloads")
# The loops whose cost must grow linearly with their input (issue 15: indexing, dict,
# string building, attributes, and indexing a non-ASCII str).
SCALING = ["indexing", "dict_loop", "string_build", "attributes", "unicode_index"]
# A ratio above this when the input doubles is reported as superlinear.
SUPERLINEAR = 2.6


TIME = "/usr/bin/time"


def run(cmd, path):
    """Run `cmd path`; return (stdout, returncode, cpu seconds, max RSS in KiB).

    The process is started by GNU time when it is installed: a child forked by this Python
    process would report at least this process's own resident size as its peak (Linux keeps
    the high-water mark across exec), hiding the small footprints.
    """
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as rep:
        if os.path.exists(TIME):
            full = [TIME, "-q", "-o", rep.name, "-f", "%U %S %M"] + cmd + [path]
        else:
            full = cmd + [path]
        proc = subprocess.Popen(full, stdout=out, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
        fields = rep.read().split()
    if len(fields) >= 3 and code == 0:
        return text, code, float(fields[-3]) + float(fields[-2]), int(fields[-1])
    return text, code, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def with_n(path, factor, tmpdir):
    """A copy of the workload at `path` whose `N = ...` line is multiplied by `factor`."""
    with open(path) as f:
        src = f.read()
    m = re.search(r"^N = (\d+)$", src, re.M)
    if m is None:
        sys.exit(f"{path}: a scaling workload needs an `N = <int>` line")
    n = int(m.group(1)) * factor
    name = os.path.join(tmpdir, f"{os.path.basename(path)[:-3]}_{n}.py")
    with open(name, "w") as f:
        f.write(src[: m.start()] + f"N = {n}" + src[m.end() :])
    return name


def fmt_ratio(x, base):
    return f"{x / base:5.2f}x" if base > 0 else "   - "


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--runs", type=int, default=3, help="runs per interpreter (median)")
    ap.add_argument("--only", default="", help="comma-separated workload names")
    ap.add_argument("--no-monty", action="store_true")
    ap.add_argument("--no-table", action="store_true", help="skip the side-by-side table")
    ap.add_argument("--no-scaling", action="store_true", help="skip the doubling check")
    ap.add_argument("--scale", type=int, default=1, help="scaling check at K*N and 2K*N")
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(HERE, "..", "target"))
    ap.add_argument("--refscope", default=os.path.join(target, "release", "refscope"))
    venv_monty = "/work/helpers/perf/venv/bin/monty"
    ap.add_argument("--monty", default=shutil.which("monty") or venv_monty)
    args = ap.parse_args()

    interps = [("python3", ["python3"]), ("refscope", [args.refscope, "run"])]
    if not os.path.exists(args.refscope):
        sys.exit(f"no refscope binary at {args.refscope} (cargo build --release)")
    if not args.no_monty and os.path.exists(args.monty):
        interps.append(("monty", [args.monty]))
    names = sorted(f[:-3] for f in os.listdir(WORKLOADS) if f.endswith(".py"))
    if args.only:
        wanted = args.only.split(",")
        unknown = [w for w in wanted if w not in names]
        if unknown:
            sys.exit(f"unknown workloads: {', '.join(unknown)}")
        names = wanted
    failed = False

    if not args.no_table:
        print(f"CPU time (user+sys), median of {args.runs} alternating runs; peak RSS; python3 = 1.00x")
        head = f"{'workload':<14}{'python3':>9}"
        for label, _ in interps[1:]:
            head += f"{label:>18}"
        head += f"{'py MB':>8}"
        for label, _ in interps[1:]:
            head += f"{label + ' mem':>14}"
        print(head)
        for name in names:
            path = os.path.join(WORKLOADS, name + ".py")
            expected, rc, _, _ = run(interps[0][1], path)
            if rc != 0:
                print(f"{name:<14} python3 failed (exit {rc})")
                failed = True
                continue
            active = [interps[0]]
            notes = []
            for label, cmd in interps[1:]:
                got, rc, _, _ = run(cmd, path)
                if got == expected and rc == 0:
                    active.append((label, cmd))
                elif label == "refscope":
                    notes.append("refscope output differs from python3")
                    failed = True
            times = {label: [] for label, _ in active}
            rss = {label: [] for label, _ in active}
            for _ in range(args.runs):
                for label, cmd in active:
                    _, _, t, m = run(cmd, path)
                    times[label].append(t)
                    rss[label].append(m)
            med = {k: statistics.median(v) for k, v in times.items()}
            mem = {k: max(v) for k, v in rss.items()}
            line = f"{name:<14}{med['python3']:8.2f}s"
            for label, _ in interps[1:]:
                if label in med:
                    line += f"{med[label]:8.2f}s {fmt_ratio(med[label], med['python3']):>8}"
                else:
                    line += f"{'n/a':>18}"
            line += f"{mem['python3'] / 1024:8.1f}"
            for label, _ in interps[1:]:
                if label in mem:
                    line += f"{fmt_ratio(mem[label], mem['python3']):>14}"
                else:
                    line += f"{'n/a':>14}"
            print(line + ("  " + "; ".join(notes) if notes else ""), flush=True)

    if not args.no_scaling:
        todo = [n for n in SCALING if n in names]
        print()
        print(f"Scaling: CPU time at N and 2N (median of {args.runs}); ~2 is linear, ~4 quadratic")
        print(f"{'workload':<14}{'interp':<10}{'N':>9}{'t(N)':>9}{'t(2N)':>9}{'ratio':>8}")
        with tempfile.TemporaryDirectory() as tmp:
            for name in todo:
                path = os.path.join(WORKLOADS, name + ".py")
                small = with_n(path, args.scale, tmp)
                big = with_n(path, 2 * args.scale, tmp)
                n = int(re.search(r"_(\d+)\.py$", small).group(1))
                for label, cmd in interps[:2]:
                    ts, tb = [], []
                    for _ in range(args.runs):
                        ts.append(run(cmd, small)[2])
                        tb.append(run(cmd, big)[2])
                    a, b = statistics.median(ts), statistics.median(tb)
                    ratio = b / a if a > 0 else float("inf")
                    flag = "  SUPERLINEAR" if ratio > SUPERLINEAR else ""
                    if flag and label == "refscope":
                        failed = True
                    print(f"{name:<14}{label:<10}{n:>9}{a:8.2f}s{b:8.2f}s{ratio:8.2f}{flag}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
