#!/usr/bin/env python3
"""Record CPython's result for corpus cases: NAME.out (stdout, addresses normalised as
../fidelity/normalize.py does) and NAME.rc (the exit status, only when it is not 0).

Usage:
    python3 tests/fuzz/record.py tests/corpus/NAME.py ...

(It lives here, not in tests/corpus, where every .py file is a case.) Each case runs as
tests/corpus/check.sh runs it: `python3 NAME.py` in the case's directory, stdin from /dev/null,
PYTHONHASHSEED=0, a 60 s limit. A case whose output differs between two hash seeds is not
recorded (its output would not be a fact about CPython).
"""
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def normalise(text):
    p = subprocess.run(
        [sys.executable, str(HERE.parent / "fidelity" / "normalize.py")],
        input=text,
        capture_output=True,
    )
    return p.stdout


def run(path, seed):
    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    p = subprocess.run(
        [sys.executable, path.name],
        cwd=path.parent,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=env,
        timeout=60,
    )
    return normalise(p.stdout), p.returncode


def main(paths):
    bad = 0
    for arg in paths:
        path = Path(arg).resolve()
        out, rc = run(path, 0)
        if run(path, 4242) != (out, rc):
            print(f"UNSTABLE {path.name}: not recorded", file=sys.stderr)
            bad += 1
            continue
        path.with_suffix(".out").write_bytes(out)
        rcfile = path.with_suffix(".rc")
        if rc != 0:
            rcfile.write_text(f"{rc}\n")
        elif rcfile.exists():
            rcfile.unlink()
        print(f"{path.name}: exit {rc}, {len(out)} bytes")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
