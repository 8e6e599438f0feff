#!/usr/bin/env python3
"""Check refscope's CPython recorder against an independent measurement.

For each program, two runs of the same interpreter:

1. the recorder: `refscope trace --python PYTHON --format json FILE`;
2. an independent `sys.settrace` tracer (`TRACER` below; it shares no code with the
   recorder), installed from start-up the same way (a `sitecustomize.py` on PYTHONPATH, so
   the program runs in script mode as `python3 FILE` runs it): at every `'line'` event of the
   module frame it reads `sys.getrefcount` of the value of each module global the program
   bound, less its own references, counted exactly: its local and getrefcount's argument,
   and, when the value is one of them, the names it holds (the key being read, its list of
   the keys, its set of the names that existed before), the globals dict and the frame.
   It imports nothing (a module it imported would be one more holder of what the program
   imports later) and never reads `frame.f_locals`; function frames are not traced at all.

The k-th module-level step of one (the recorder's steps whose only frame is the module's)
is compared with the k-th of the other: the line, and every name's refcount where the
recorder does not mark the object a start-up one (small ints, interned strings, modules
imported before the program: their counts move with anything either tracer does). A
program agrees when every step agrees; a run the recorder cut at its step limit is compared
as far as it went.

Programs: FILE arguments (directories: their .py files), and `--gen` (repeatable), as
`tests/backend/campaign.py` makes them: `corpus` (tests/corpus, tests/fidelity/cases,
assets/examples), `mutant:N` (N of those with random edits, tests/fuzz/campaign.py's
mutator), `grammar:FILE` (hypothesmith's programs cached by tests/fuzz/campaign.py as a
JSON list; only those python3 runs to the end, with status 0, within 5 s are kept). Both runs get
PYTHONHASHSEED=0 and stdin from /dev/null.

Disagreements are grouped by cause (what differs, the sign of a refcount difference, the
kind of statement that just ran, the object's type) in OUT/summary.md with an example each;
OUT/programs/ keeps every disagreeing program.

Usage:
  check_recorder.py [--python PYTHON] [--refscope BIN] [--out DIR] [--jobs 2]
                    [--gen corpus] [--gen mutant:600] [--gen grammar:FILE] [FILE...]
Exit status 0 when every program agrees.
"""
import argparse
import collections
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

TRACER = r'''
def _independent():
    import sys, os
    path = os.environ.pop("CHECK_FILE")
    fd = os.open(os.environ.pop("CHECK_OUT"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    getrefcount = sys.getrefcount
    # [the names bound before the program ran, the module frame's id]
    state = [None, 0]

    def tracer(frame, event, arg):
        if event == "call":
            code = frame.f_code
            if not state[1] and code.co_filename == path and code.co_name == "<module>":
                state[0] = set(frame.f_globals)
                state[1] = id(frame)
                return tracer
            return None
        if event != "line" or id(frame) != state[1]:
            return tracer
        g = frame.f_globals
        pre = state[0]
        keys = list(g)
        parts = [str(frame.f_lineno)]
        k = p = None
        for name in keys:
            if name in pre or type(name) is not str:
                continue
            value = g[name]
            # `value` and getrefcount's argument
            own = 2
            if value is name:
                own += 1
            for k in keys:
                if k is value:
                    own += 1
            for p in pre:
                if p is value:
                    own += 1
            # the loops' variables hold their last items no longer
            k = p = None
            if value is g:
                own += 1
            if value is frame:
                own += 1
            parts.append(name + "=" + str(getrefcount(value) - own))
            value = None
        os.write(fd, (" ".join(parts) + "\n").encode("utf-8", "surrogatepass"))
        return tracer

    sys.settrace(tracer)


_independent()
del _independent
'''


def env_for(extra=None):
    env = dict(os.environ, PYTHONHASHSEED="0")
    env.pop("PYTHONPATH", None)
    if extra:
        env.update(extra)
    return env


def run(cmd, cwd, env, timeout):
    """stdout, stderr, return code (None on a timeout); the program's process group goes
    with it on a timeout."""
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return b"", b"", None
    return out, err, proc.returncode


def independent(python, path, timeout):
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "sitecustomize.py"), "w") as f:
            f.write(TRACER)
        out = os.path.join(d, "steps.txt")
        env = env_for({"PYTHONPATH": d, "CHECK_FILE": os.path.abspath(path), "CHECK_OUT": out})
        _, _, rc = run([python, os.path.abspath(path)], os.path.dirname(os.path.abspath(path)),
                       env, timeout)
        if rc is None:
            raise RuntimeError("the independent run timed out")
        steps = []
        try:
            text = open(out, encoding="utf-8", errors="replace").read()
        except OSError:
            text = ""
        for line in text.splitlines():
            parts = line.split(" ")
            counts = {}
            for p in parts[1:]:
                name, _, rc = p.rpartition("=")
                counts[name] = int(rc)
            steps.append({"line": int(parts[0]), "counts": counts})
        return steps


def recorded(refscope, python, path, limit, timeout):
    out, err, rc = run([refscope, "trace", "--python", python, "--format", "json",
                        "--limit", str(limit), os.path.abspath(path)],
                       os.path.dirname(os.path.abspath(path)), env_for(), timeout)
    if rc is None:
        raise RuntimeError("the recording timed out")
    err = err.decode("utf-8", "replace")
    if "SyntaxError" in err and not out.strip():
        # not a program (a mutant can be invalid): no step in either run (`trace` reports
        # the snippet's own error and exits 0, as the model's does)
        return [], False
    if rc == 2 or "recorder failed" in err or "cannot" in err and not out:
        raise RuntimeError("the recorder failed: " + (err.strip().splitlines() or ["?"])[-1][:200])
    steps = []
    for line in out.decode("utf-8", "replace").splitlines():
        r = json.loads(line)
        if r.get("frame") != "<module>" or len(r.get("frames", [])) != 1:
            continue
        objects = {o["id"]: o for o in r["objects"]}
        counts = {}
        types = {}
        for name, oid in r["names"].items():
            o = objects.get(oid)
            if o is not None and not o["startup"]:
                counts[name] = o["refcount"]
                types[name] = o["type"]
        steps.append({"line": r["line"], "counts": counts, "types": types})
    return steps, "step limit" in err


def statement_kind(text):
    t = text.strip()
    for word in ("return", "yield", "raise", "del", "for", "while", "if", "elif", "else",
                 "with", "try", "except", "finally", "def", "class", "import", "from", "print",
                 "assert", "global", "nonlocal", "pass", "@"):
        if t == word or t.startswith(word + " ") or t.startswith(word + "(") \
                or t.startswith(word + ":"):
            return word
    if re.match(r"^[\w.\[\], ]+\s*[-+*/%&|^@]?=", t):
        return "assignment"
    return "expression"


def compare(mine, theirs, cut, source_lines):
    """The first difference as (cause, text), or None."""
    def text_of(line):
        return source_lines[line - 1] if 0 < line <= len(source_lines) else ""

    for k, (a, b) in enumerate(zip(mine, theirs)):
        if a["line"] != b["line"]:
            return ("line", f"module step {k + 1}: line {a['line']} (recorder) vs "
                            f"{b['line']} (independent)")
        for name, rc in a["counts"].items():
            if name in b["counts"] and b["counts"][name] != rc:
                # the statement that ran last: the previous module step's line
                prev = mine[k - 1]["line"] if k else 0
                kind = statement_kind(text_of(prev))
                cause = (f"refcount {rc - b['counts'][name]:+d} after `{kind}` "
                         f"({a['types'].get(name, '?')})")
                return (cause, f"module step {k + 1} (line {a['line']}): {name} refcount {rc} "
                               f"(recorder) vs {b['counts'][name]} (independent)")
        missing = set(a["counts"]) - set(b["counts"])
        if missing:
            return ("names", f"module step {k + 1}: {sorted(missing)} recorded, not measured")
    if len(mine) < len(theirs) and not cut:
        return ("steps", f"{len(mine)} module steps (recorder) vs {len(theirs)} (independent)")
    if len(mine) > len(theirs):
        return ("steps", f"{len(mine)} module steps (recorder) vs {len(theirs)} (independent)")
    return None


def check(args, path):
    try:
        mine, cut = recorded(args.refscope, args.python, path, args.limit, args.timeout)
        theirs = independent(args.python, path, args.timeout)
    except Exception as e:  # a run that fails is a disagreement, said so
        msg = str(e)
        return ("failed: " + re.sub(r"\d+", "N", msg)[:80], msg)
    lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    return compare(mine, theirs, cut, lines)


def corpus_texts():
    sys.path.insert(0, str(ROOT / "tests" / "fuzz"))
    import campaign as fuzz  # noqa: E402  (corpus_snippets, mutate)
    return fuzz


def runs_quickly(python, text):
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(text)
    try:
        _, _, rc = run([python, f.name], None, env_for(), 5)
        return rc == 0
    finally:
        os.unlink(f.name)


def programs(args, work):
    for f in args.files:
        if os.path.isdir(f):
            for n in sorted(os.listdir(f)):
                if n.endswith(".py"):
                    yield os.path.join(f, n)
        else:
            yield f
    if not args.gen:
        return
    fuzz = corpus_texts()
    rng = random.Random(args.seed)
    corpus = fuzz.corpus_snippets()
    # one program of each generator in turn: a run cut short has some of every kind
    gens = [one_gen(g, fuzz, rng, corpus, args, work) for g in args.gen]
    while gens:
        for g in list(gens):
            p = next(g, None)
            if p is None:
                gens.remove(g)
            else:
                yield p


def one_gen(g, fuzz, rng, corpus, args, work):
    """The programs of one `--gen`, written into `work`."""
    kind, _, arg = g.partition(":")
    if kind == "corpus":
        items = [(f"corpus-{i}", t) for i, t in enumerate(corpus)]
    elif kind == "mutant":
        items = ((f"mutant-{i}", fuzz.mutate(rng.choice(corpus), rng))
                 for i in range(int(arg or 100)))
    elif kind == "grammar":
        progs = json.loads(Path(arg).read_text())
        items = ((f"grammar-{i}", t) for i, t in enumerate(progs)
                 if t.strip() and runs_quickly(args.python, t))
    else:
        sys.exit(f"unknown generator {g!r}")
    for name, text in items:
        p = work / f"{name}.py"
        p.write_text(text)
        yield str(p)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--python", default="python3")
    target = os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target"))
    ap.add_argument("--refscope", default=os.path.join(target, "debug", "refscope"))
    ap.add_argument("--out", help="where the summary and the disagreeing programs go")
    ap.add_argument("--gen", action="append", default=[])
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=int, default=2000, help="the recorder's step limit")
    ap.add_argument("--timeout", type=float, default=120, help="seconds per run")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    out = Path(args.out) if args.out else None
    work = Path(tempfile.mkdtemp(prefix="check-recorder-")) if out is None else out / "work"
    work.mkdir(parents=True, exist_ok=True)
    if out is not None:
        (out / "programs").mkdir(parents=True, exist_ok=True)
    results = []

    def done(path, d):
        results.append((path, d))
        if d is not None:
            print(f"{path}: {d[1]}", flush=True)
            if out is not None:
                safe = re.sub(r"[^A-Za-z0-9+-]+", "_", d[0])[:60]
                (out / "programs" / f"{safe}--{Path(path).name}").write_text(
                    Path(path).read_text(encoding="utf-8", errors="replace"))
        if out is not None and len(results) % 50 == 0:
            summarise(out, results, quiet=True)

    with ThreadPoolExecutor(args.jobs) as pool:
        pending = collections.deque()
        for path in programs(args, work):
            pending.append((path, pool.submit(check, args, path)))
            while len(pending) >= args.jobs * 2:
                p, fut = pending.popleft()
                done(p, fut.result())
        while pending:
            p, fut = pending.popleft()
            done(p, fut.result())
    agree = sum(1 for _, d in results if d is None)
    if out is not None:
        summarise(out, results)
    print(f"{agree}/{len(results)} programs agree at every step "
          f"({100.0 * agree / max(len(results), 1):.1f}%)")
    return 0 if agree == len(results) else 1


def summarise(out, results, quiet=False):
    agree = sum(1 for _, d in results if d is None)
    causes = collections.defaultdict(list)
    for path, d in results:
        if d is not None:
            causes[d[0]].append((path, d[1]))
    top = sorted(causes.items(), key=lambda kv: -len(kv[1]))
    md = [f"# recorder vs an independent settrace measurement: {len(results)} programs", "",
          f"agree at every module-level step: {agree} of {len(results)} "
          f"({100.0 * agree / max(len(results), 1):.1f}%)", "",
          "| cause | programs | example |", "|---|---|---|"]
    for cause, v in top:
        md.append(f"| {cause} | {len(v)} | {Path(v[0][0]).name}: {v[0][1][:90]} |")
    (out / "summary.md").write_text("\n".join(md) + "\n")
    (out / "summary.json").write_text(json.dumps({
        "programs": len(results), "agree": agree,
        "causes": [{"cause": c, "count": len(v), "examples": [p for p, _ in v[:5]]}
                   for c, v in top]}, indent=1))
    if not quiet:
        print("\n".join(md))


if __name__ == "__main__":
    sys.exit(main())
