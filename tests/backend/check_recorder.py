#!/usr/bin/env python3
"""Check refscope's CPython recorder against an independent measurement.

For each program, two runs of the same interpreter:

1. the recorder: `refscope trace --python PYTHON --format json FILE`;
2. an independent `sys.settrace` tracer (below; it shares no code with the recorder),
   installed from start-up the same way (a `sitecustomize.py` on PYTHONPATH, so the program
   runs in script mode as `python3 FILE` runs it): at every `'line'` event of the module frame
   it reads `sys.getrefcount` of each module global the program bound, less its own two
   references (its local and getrefcount's argument).

The k-th module-level step of one is compared with the k-th of the other: every name's
refcount, where the recorder does not mark the object a start-up one (small ints, interned
strings: interpreter noise either way). A program agrees when every step agrees.

Usage: check_recorder.py [--python PYTHON] [--refscope BIN] FILE...  (directories: their .py)
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

TRACER = r'''
def _independent():
    import sys, os, json
    path = os.environ.pop("CHECK_FILE")
    out = os.environ.pop("CHECK_OUT")
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    state = {"pre": None}
    getrefcount = sys.getrefcount

    def tracer(frame, event, arg):
        if frame.f_code.co_filename != path or frame.f_code.co_name != "<module>":
            return None
        if event == "call":
            state["pre"] = set(frame.f_globals)
            return tracer
        if event != "line":
            return tracer
        g = frame.f_globals
        counts = {}
        for name in list(g):
            if name in state["pre"] or not isinstance(name, str):
                continue
            value = g[name]
            counts[name] = getrefcount(value) - 2
            del value
        os.write(fd, (json.dumps({"line": frame.f_lineno, "counts": counts}) + "\n").encode())
        return tracer

    sys.settrace(tracer)


_independent()
del _independent
'''


def independent(python, path):
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "sitecustomize.py"), "w") as f:
            f.write(TRACER)
        out = os.path.join(d, "steps.jsonl")
        env = dict(os.environ, PYTHONPATH=d, CHECK_FILE=os.path.abspath(path), CHECK_OUT=out)
        subprocess.run([python, path], cwd=os.path.dirname(os.path.abspath(path)), env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        with open(out) as f:
            return [json.loads(l) for l in f if l.strip()]


def recorded(refscope, python, path):
    p = subprocess.run([refscope, "trace", "--python", python, "--format", "json",
                        os.path.abspath(path)],
                       cwd=os.path.dirname(os.path.abspath(path)), capture_output=True,
                       text=True, timeout=600)
    steps = []
    for line in p.stdout.splitlines():
        r = json.loads(line)
        if r.get("frame") != "<module>" or len(r.get("frames", [])) != 1:
            continue
        objects = {o["id"]: o for o in r["objects"]}
        counts = {}
        for name, oid in r["names"].items():
            o = objects.get(oid)
            if o is not None and not o["startup"]:
                counts[name] = o["refcount"]
        steps.append({"line": r["line"], "counts": counts})
    return steps


def compare(mine, theirs):
    """The first difference, or None."""
    for k, (a, b) in enumerate(zip(mine, theirs)):
        if a["line"] != b["line"]:
            return f"module step {k + 1}: line {a['line']} (recorder) vs {b['line']} (independent)"
        for name, rc in a["counts"].items():
            if name in b["counts"] and b["counts"][name] != rc:
                return (f"module step {k + 1} (line {a['line']}): {name} refcount {rc} "
                        f"(recorder) vs {b['counts'][name]} (independent)")
    if len(mine) != len(theirs):
        return f"{len(mine)} module steps (recorder) vs {len(theirs)} (independent)"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--python", default="python3")
    ap.add_argument("--refscope", default="target/release/refscope")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    files = []
    for f in args.files:
        if os.path.isdir(f):
            files += sorted(os.path.join(f, n) for n in os.listdir(f) if n.endswith(".py"))
        else:
            files.append(f)
    agree = 0
    for f in files:
        try:
            d = compare(recorded(args.refscope, args.python, f), independent(args.python, f))
        except Exception as e:  # a run that fails is a disagreement, said so
            d = f"failed: {e}"
        if d is None:
            agree += 1
        else:
            print(f"{f}: {d}")
    print(f"{agree}/{len(files)} programs agree at every step "
          f"({100.0 * agree / max(len(files), 1):.1f}%)")
    return 0 if agree == len(files) else 1


if __name__ == "__main__":
    sys.exit(main())
