#!/usr/bin/env python3
"""Record the real backend's per-step records of every case, as goldens for `cargo test`.

For every fidelity case, corpus case and bundled lesson (the sets of `tests/lines.rs`), runs

    refscope trace --python PYTHON --format compare CASE

(up to --limit steps; the snippet as `PYTHON CASE` runs it, with refscope's recorder installed; cell files and
notebooks through IPython) and keeps each step's record as `--format compare` writes it: what a comparison compares
(`docs/trace-format.md`, last section): `step`, `cell`, `line`, `frame`, `names`, `frames`
(function, line, locals), `stdout`, and in `objects` only the objects that a name or a local
names, with `id`, `type`, `refcount`, `size`, `gc` and `startup`. `tests/backend_goldens.rs`
compares the model's records, written by the same code, with these files step by step. The goldens go to
`tests/backend/goldens/<set>/<case>.jsonl`.

The header line (`{"golden": ...}`) has `untraced_stdout` when the snippet run as `PYTHON CASE`
without the recorder prints something else than the recording did: an observer effect of the
tracer on what the snippet prints, marked so (see `untraced_stdout`).

Usage: record_goldens.py [--python python3] [--refscope BIN] [--jobs 2] [CASE...]
(no CASE: every case). BIN defaults to the debug build in $CARGO_TARGET_DIR or target/.
"""
import argparse
import concurrent.futures
import json
import os
import re
import signal
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SETS = [
    ("fidelity", "tests/fidelity/cases"),
    ("corpus", "tests/corpus"),
    ("examples", "assets/examples"),
]


def cases():
    for name, d in SETS:
        full = os.path.join(ROOT, d)
        for f in sorted(os.listdir(full)):
            if f.endswith(".py") or f.endswith(".ipynb"):
                yield name, os.path.join(full, f)


def golden_path(set_name, path):
    stem = os.path.splitext(os.path.basename(path))[0]
    return os.path.join(ROOT, "tests/backend/goldens", set_name, stem + ".jsonl")


def untraced_stdout(args, path, lines):
    """What `PYTHON CASE` prints untraced, when the recording printed otherwise: the tracer
    moved something the snippet prints (ids of freed memory, `gc.get_count()`, what an
    automatic collection found). Then the test compares the model's output with this one
    from the step where the recording's output leaves it, and says so. None when the
    recorded output is the untraced one (or its start, for a recording cut at the step
    limit), and for cells and notebooks (they run through IPython, not as a script)."""
    if not path.endswith(".py"):
        return None
    with open(path, encoding="utf-8") as f:
        if any(l.startswith("# %%") for l in f):
            return None
    traced = "".join(json.loads(l).get("stdout", "") for l in lines)
    try:
        run = subprocess.run(
            [args.python, path], stdin=subprocess.DEVNULL, capture_output=True,
            text=True, cwd=os.path.dirname(path), timeout=args.timeout,
        )
    except subprocess.TimeoutExpired:
        return None
    # addresses and ids differ from run to run: compared as the test compares them
    same = [re.sub(r"0[xX][0-9a-fA-F]{8,}(?!\w)|(?<![\w.])\d{10,}(?![\w.])", "ADDR", t)
            for t in (run.stdout, traced)]
    if same[0].startswith(same[1]):
        return None
    return run.stdout


def record(args, set_name, path):
    stem = os.path.splitext(os.path.basename(path))[0]
    target = golden_path(set_name, path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    # its own process group: on a timeout the interpreter goes with refscope
    proc = subprocess.Popen(
        [args.refscope, "trace", "--python", args.python, "--format", "compare",
         "--limit", str(args.limit), path],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=os.path.dirname(path),
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return f"{set_name}/{stem}: not recorded (over {args.timeout} s)"
    p = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    if p.returncode != 0:
        return f"{set_name}/{stem}: refscope exited {p.returncode}: {p.stderr.strip()[-300:]}"
    lines = []
    for line in p.stdout.splitlines():
        if line.strip():
            lines.append(line)
    version = subprocess.run(
        [args.python, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
        capture_output=True, text=True,
    ).stdout.strip()
    header = {"golden": {"python": version, "limit": args.limit,
                         "truncated": "step limit" in p.stderr}}
    lost = re.search(r"refscope: the recording stops after step (\d+)", p.stderr)
    if lost:
        # the tracer could not follow the snippet to its end (a frame at the recursion
        # limit): what was recorded is compared, the model's run cut at the same step
        header["golden"].update(limit=int(lost.group(1)), truncated=True, tracer_lost=True)
    untraced = untraced_stdout(args, path, lines)
    if untraced is not None:
        header["golden"]["untraced_stdout"] = untraced
    with open(target, "w") as f:
        f.write(json.dumps(header, separators=(",", ":")) + "\n")
        f.write("\n".join(lines) + ("\n" if lines else ""))
    note = ""
    if "refscope:" in p.stderr:
        note = " (" + " ".join(l for l in p.stderr.splitlines() if l.startswith("refscope:")) + ")"
    return f"{set_name}/{stem}: {len(lines)} steps{note}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--python", default="python3")
    target_dir = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    ap.add_argument("--refscope", default=os.path.join(target_dir, "debug", "refscope"))
    ap.add_argument("--jobs", type=int, default=2)
    # the longest cases (loops over gc.get_objects()) are cut here; the test cuts the model's
    # run at the same step
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--timeout", type=float, default=60, help="seconds per case")
    ap.add_argument("--missing", action="store_true", help="only cases without a golden")
    ap.add_argument("case", nargs="*")
    args = ap.parse_args()
    # the interpreter's own file, not a launcher (pyenv's shims): refscope keeps its
    # calibration of a real interpreter file between runs
    args.python = subprocess.run(
        [args.python, "-c", "import sys; print(sys.executable)"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    todo = list(cases())
    if args.case:
        want = {os.path.splitext(os.path.basename(c))[0] for c in args.case}
        todo = [(s, p) for s, p in todo if os.path.splitext(os.path.basename(p))[0] in want]
    if args.missing:
        todo = [(s, p) for s, p in todo if not os.path.exists(golden_path(s, p))]
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        for msg in ex.map(lambda c: record(args, *c), todo):
            print(msg, flush=True)


if __name__ == "__main__":
    sys.exit(main())
