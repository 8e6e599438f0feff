#!/usr/bin/env python3
"""Measure how many programs `refscope run` runs exactly as python3 does.

A program matches when its standard output, its standard error (tracebacks included) and its
exit status are the same under python3 (the oracle) and under `refscope run`, after the
addresses both print are normalised by tests/fidelity/normalize.py (the same numbering of
distinct addresses on both sides). Each program runs in its own directory with its bare file
name, so that tracebacks name it alike and a helper module next to it (RustPython's
`testutils.py`) is found by both.

`--globals` appends a footer that prints every global name the program left, with its repr:
the state a Python-Tutor-style visualiser shows at the last step. Teaching programs often print
nothing, and the footer makes them say what they built.

Programs that cannot be measured are skipped and counted by reason: Python 2 source (a
SyntaxError under python3), programs that read standard input (EOFError with stdin closed),
read files, need a module outside the standard library, or print differently in two python3
runs (unseeded random numbers, clocks, hash-seed order).

unittest's summary line `Ran N tests in X.XXXs` is the wall time of the run
(`time.perf_counter()` around it in unittest/runner.py), in python3 and in the model alike: it
varies run to run under python3 itself (20 runs of a one-test program printed 0.000s twelve
times and 0.003s to 0.012s the rest on a loaded machine), so its figure is masked on both sides.

Failures are grouped by cause: the last line of refscope's standard error when it differs from
python3's (the exception that stopped the run), else the first line of output that differs.

usage: scripts/measure_programs.py [--bin PATH] [--globals] [--list] DIR_OR_FILE...
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "fidelity"))
from normalize import normalize  # noqa: E402

FOOTER = """
# -- footer added by measure_programs.py --
for __name in sorted(dict(globals())):
    if not __name.startswith('__'):
        print(__name, '=', repr(globals()[__name])[:300])
"""

SKIP = {"testutils.py"}


# unittest/runner.py: "Ran %d test%s in %.3fs" % (run, run != 1 and "s" or "", timeTaken)
UNITTEST_RAN = re.compile(r"^(Ran \d+ tests? in )\d+\.\d{3}s$", re.M)


def mask_wall_time(text):
    """The wall-clock figure of unittest's summary line, masked (see the module docstring)."""
    return UNITTEST_RAN.sub(r"\1<time>s", text)


def run(argv, cwd, timeout, hashseed=None):
    env = None
    if hashseed is not None:
        env = dict(os.environ, PYTHONHASHSEED=str(hashseed))
    try:
        p = subprocess.run(argv, cwd=cwd, capture_output=True, timeout=timeout,
                           stdin=subprocess.DEVNULL, env=env)
        return (p.returncode, p.stdout.decode("utf-8", "surrogateescape"),
                p.stderr.decode("utf-8", "surrogateescape"))
    except subprocess.TimeoutExpired:
        return ("timeout", "", "")


def programs(paths):
    for path in paths:
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                if name.endswith(".py") and name not in SKIP:
                    yield os.path.join(path, name)
        else:
            yield path


def first_difference(a, b):
    la, lb = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return "line %d: %r vs %r" % (i + 1, y[:80], x[:80])
    return "length: %d lines vs %d" % (len(lb), len(la))


def skip_reason(exp):
    """Why a program cannot be measured here, from what python3 did with it (None: measure it)."""
    if exp[0] == "timeout":
        return "python3 times out"
    last = (exp[2].strip().splitlines() or [""])[-1]
    if exp[0] != 0 and last.startswith("SyntaxError") and "Missing parentheses" in last:
        return "Python 2 source"
    if exp[0] != 0 and last.startswith(("SyntaxError", "TabError", "IndentationError")):
        return "not Python 3 (SyntaxError under python3)"
    if last.startswith("EOFError"):
        return "reads standard input"
    if last.startswith("ModuleNotFoundError"):
        return "needs a module outside the standard library"
    if last.startswith(("FileNotFoundError", "PermissionError", "IsADirectoryError")):
        return "reads files"
    return None


def measure(path, binary, footer, tmp):
    directory, name = os.path.split(os.path.abspath(path))
    if footer:
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            source = f.read()
        name = "_measured_" + name
        directory_out = tmp
        with open(os.path.join(tmp, name), "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(source + "\n" + FOOTER)
        # helper modules next to the program must stay importable
        for helper in SKIP:
            src = os.path.join(directory, helper)
            if os.path.exists(src) and not os.path.exists(os.path.join(tmp, helper)):
                os.symlink(src, os.path.join(tmp, helper))
        directory = directory_out
    exp = run([sys.executable, name], directory, 20)
    skip = skip_reason(exp)
    if skip is None and exp[0] != "timeout":
        # two more runs under other hash seeds: set order of strings changes with the seed
        for seed in (1, 2):
            again = run([sys.executable, name], directory, 20, hashseed=seed)
            if normalize(again[1]) != normalize(exp[1]) or again[0] != exp[0]:
                skip = "nondeterministic under python3 (unseeded random, clocks, hash seed)"
                break
    if skip is not None:
        if footer:
            os.unlink(os.path.join(directory, name))
        return None, skip
    got = run([binary, "run", name], directory, 60)
    if footer:
        os.unlink(os.path.join(directory, name))
    e_out, g_out = normalize(exp[1]), normalize(got[1])
    e_err, g_err = normalize(mask_wall_time(exp[2])), normalize(mask_wall_time(got[2]))
    if exp[0] == got[0] and e_out == g_out and e_err == g_err:
        return True, ""
    if got[0] == "timeout":
        return False, "refscope times out"
    if e_err != g_err:
        last = (g_err.strip().splitlines() or ["<no stderr>"])[-1]
        return False, "stderr: " + last[:120]
    if e_out != g_out:
        return False, "stdout " + first_difference(e_out, g_out)
    return False, "exit status %s vs %s" % (got[0], exp[0])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.environ.get("REFSCOPE_BIN", "target/release/refscope"))
    ap.add_argument("--globals", action="store_true", help="append the globals footer")
    ap.add_argument("--list", action="store_true", help="print every program's result")
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    causes = collections.defaultdict(list)
    skipped = collections.Counter()
    passed = total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in programs(args.paths):
            ok, cause = measure(path, binary, args.globals, tmp)
            if ok is None:
                skipped[cause] += 1
                if args.list:
                    print("skip %s (%s)" % (path, cause))
                continue
            total += 1
            passed += ok
            if not ok:
                causes[cause].append(os.path.basename(path))
            if args.list:
                print("%s %s %s" % ("ok  " if ok else "FAIL", path, cause))
    for cause, names in sorted(causes.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        print("%3d  %s\n     %s" % (len(names), cause, " ".join(names)))
    for cause, n in skipped.most_common():
        print("skipped %3d  %s" % (n, cause))
    share = 100.0 * passed / total if total else 0.0
    print("%d / %d match (%.1f%%)" % (passed, total, share))


if __name__ == "__main__":
    main()
