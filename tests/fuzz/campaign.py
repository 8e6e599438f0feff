#!/usr/bin/env python3
"""A fuzzing campaign: refscope against python3 on programs nobody wrote by hand.

Not part of `cargo test` (it takes tens of minutes). Each program runs under
`refscope run` and under `python3` with the same limits (a time limit, an address-space
limit as `ulimit -v` sets, stdin from /dev/null, PYTHONHASHSEED=0); the two results are
compared and the program is put in one class:

  panic      refscope failed itself (exit 70, "internal error", a Rust panic message)
  signal     refscope died of a signal it did not choose (SIGSEGV, SIGABRT...)
  hang       refscope hit the time limit where python3 finished
  unsupported refscope said "refscope does not model ..." (a known limit, not a defect)
  mismatch   stdout (addresses normalised) or exit status differ; grouped by cause
  same       the same stdout and exit status (both may time out: an endless program)

Programs come from three generators (`--gen`):

  mutant    the repo's own snippets (tests/corpus, tests/fidelity/cases, assets/examples)
            with a few random edits: lines deleted, duplicated or swapped, literals replaced
            by hostile values (0, -1, 2**63, 10**8, '', None), operators and names swapped,
            statements wrapped in try/finally or a loop
  grammar   programs from Python's grammar (hypothesmith, which needs a venv:
            `python3 -m venv V && V/bin/pip install hypothesmith`, then
            `--python-with-hypothesmith V/bin/python`)
  hostile   templates of what a hostile learner tries: deep nesting, recursion through
            dunder methods, huge allocations, mutation during iteration and sorting,
            finalizers and weakref callbacks that resurrect or raise, odd recursion limits

Every panic, signal and hang (and with `--minimise-mismatches` every mismatch) is minimised
(lines, then blocks, removed while the class and cause stay the same) and written to
OUT/findings/CLASS-N.py with the two results; OUT/summary.json and OUT/summary.md give the
counts by class and by cause. A finding worth keeping becomes a corpus case
(tests/corpus/NAME.py, with its .out/.rc recorded by tests/fuzz/record.py).

Usage:
  tests/fuzz/campaign.py --refscope target/release/refscope --out /tmp/fuzz \\
      --gen mutant:4000 --gen hostile:2000 --gen grammar:4000 \\
      --python-with-hypothesmith /path/to/venv/bin/python --jobs 2 --seed 1

OUT/results.jsonl gets one line per program as it finishes (class, cause, times) and
OUT/programs/ every program that did not agree, so a stopped campaign keeps what it ran.
`--grammar-cache FILE` reuses the grammar programs an earlier run generated.
"""
import argparse
import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fidelity"))

ADDR = re.compile(
    r"0[xX][0-9a-fA-F]{8,}(?![0-9a-zA-Z_])"
    r"|(?<![0-9A-Za-z_.])[0-9]{10,}(?![0-9A-Za-z_]|\.[0-9])"
)


def normalise(text):
    """Addresses to <addrN> by first appearance (tests/fidelity/normalize.py's rule)."""
    seen = {}

    def repl(m):
        tok = m.group(0)
        v = int(tok, 16) if tok[:2].lower() == "0x" else int(tok)
        if v not in seen:
            seen[v] = f"<addr{len(seen) + 1}>"
        return seen[v]

    return ADDR.sub(repl, text)


# ---------------------------------------------------------------- running


class Result:
    def __init__(self, rc, out, err, timed_out, secs):
        self.rc, self.out, self.err, self.timed_out, self.secs = rc, out, err, timed_out, secs

    def last_err(self):
        lines = [l for l in self.err.splitlines() if l.strip()]
        return lines[-1] if lines else ""

    def as_dict(self):
        return {
            "rc": self.rc,
            "timed_out": self.timed_out,
            "stdout_tail": self.out[-600:],
            "stderr_tail": self.err[-1200:],
        }


def run(cmd, path, limit_s, limit_as):
    def limits():
        os.setsid()
        resource.setrlimit(resource.RLIMIT_AS, (limit_as, limit_as))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    env = dict(os.environ, PYTHONHASHSEED="0", RUST_BACKTRACE="0")
    t = time.monotonic()
    p = subprocess.Popen(
        cmd + [path.name],
        cwd=path.parent,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=limits,
        env=env,
    )
    try:
        out, err = p.communicate(timeout=limit_s)
        timed_out = False
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        timed_out = True
    dec = lambda b: b[:200_000].decode("utf-8", "replace")
    return Result(p.returncode, dec(out), dec(err), timed_out, time.monotonic() - t)


def exc_name(line):
    m = re.match(r"^([A-Za-z_][\w.]*)(:|$)", line)
    return m.group(1) if m else line[:60]


def classify(rs, py):
    """(class, cause) of one program's two results."""
    if rs.rc == 70 or "internal error" in rs.err or "panicked at" in rs.err:
        m = re.search(r"panicked at ([^\n]*)", rs.err) or re.search(r"internal error[^\n]*", rs.err)
        return "panic", (m.group(0)[:160] if m else rs.last_err()[:160])
    if rs.timed_out:
        if py.timed_out:
            return "same", "both time out"
        return "hang", "refscope timed out"
    if rs.rc is not None and rs.rc < 0 and rs.rc != -signal.SIGINT:
        return "signal", signal.Signals(-rs.rc).name
    if "refscope does not model" in rs.err or "refscope models no module" in rs.err:
        m = re.search(r"refscope does not model ([^(\n]*)|refscope models no module named '([^']*)'", rs.err)
        what = (m.group(1) or f"module {m.group(2)}").strip() if m else "?"
        return "unsupported", what[:80]
    if py.timed_out:
        return "mismatch", "python3 times out, refscope finishes"
    if py.rc is not None and py.rc < 0:
        return "python-crash", signal.Signals(-py.rc).name
    if normalise(rs.out) == normalise(py.out) and rs.rc == py.rc:
        return "same", ""
    rs_exc, py_exc = exc_name(rs.last_err()), exc_name(py.last_err())
    if rs.rc != py.rc or rs_exc != py_exc:
        return "mismatch", f"exit {py.rc} {py_exc or '-'} -> {rs.rc} {rs_exc or '-'}"
    return "mismatch", f"stdout differs ({py_exc or 'no error'})"


# ---------------------------------------------------------------- minimising


def minimise(text, still, budget_s=120):
    """Delta debugging on lines: drop chunks while `still(candidate)` holds."""
    lines = text.splitlines(keepends=True)
    deadline = time.monotonic() + budget_s
    n = 2
    while len(lines) >= 2 and time.monotonic() < deadline:
        chunk = max(1, len(lines) // n)
        removed = False
        for start in range(0, len(lines), chunk):
            cand = lines[:start] + lines[start + chunk :]
            if cand and still("".join(cand)):
                lines = cand
                n = max(n - 1, 2)
                removed = True
                break
            if time.monotonic() > deadline:
                break
        if not removed:
            if chunk == 1:
                break
            n = min(n * 2, len(lines))
    return "".join(lines)


# ---------------------------------------------------------------- generators

HOSTILE_VALUES = ["0", "-1", "2**63", "10**8", "-2**63", "10**100", "''", "None", "1.5", "()", "[]"]
OPERATORS = [" + ", " - ", " * ", " // ", " % ", " ** ", " == ", " < ", " is ", " in ", " & "]


def corpus_snippets():
    out = []
    for d in ("tests/corpus", "tests/fidelity/cases", "assets/examples"):
        for p in sorted((ROOT / d).glob("*.py")):
            t = p.read_text(encoding="utf-8", errors="replace")
            if "# %%" not in t and len(t) < 20_000:
                out.append(t)
    return out


def mutate(text, rng):
    lines = text.splitlines()
    for _ in range(rng.randint(1, 4)):
        if not lines:
            break
        i = rng.randrange(len(lines))
        kind = rng.randrange(9)
        line = lines[i]
        indent = line[: len(line) - len(line.lstrip())]
        if kind == 0:
            del lines[i]
        elif kind == 1:
            lines.insert(i, line)
        elif kind == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == 3:
            nums = list(re.finditer(r"(?<![\w.])\d+(?![\w.])", line))
            if nums:
                m = rng.choice(nums)
                lines[i] = line[: m.start()] + rng.choice(HOSTILE_VALUES) + line[m.end() :]
        elif kind == 4:
            ops = [m for op in OPERATORS for m in re.finditer(re.escape(op), line)]
            if ops:
                m = rng.choice(ops)
                lines[i] = line[: m.start()] + rng.choice(OPERATORS) + line[m.end() :]
        elif kind == 5:
            names = re.findall(r"\b[a-z_]\w*\b", text)
            here = list(re.finditer(r"\b[a-z_]\w*\b", line))
            if names and here:
                m = rng.choice(here)
                lines[i] = line[: m.start()] + rng.choice(names) + line[m.end() :]
        elif kind == 6 and line.strip() and not line.rstrip().endswith(":"):
            lines[i : i + 1] = [
                f"{indent}try:",
                f"{indent}    {line.strip()}",
                f"{indent}finally:",
                f"{indent}    pass",
            ]
        elif kind == 7 and line.strip() and not line.rstrip().endswith(":"):
            lines[i : i + 1] = [f"{indent}for _i in range(3):", f"{indent}    {line.strip()}"]
        elif kind == 8:
            var = rng.choice(re.findall(r"\b[a-z_]\w*\b", text) or ["x"])
            lines.insert(i, f"{indent}del {var}")
    return "\n".join(lines) + "\n"


HOSTILE = [
    # deep structures through native recursion
    "x = []\nfor i in range({n}):\n    x = [x]\n{op}\n",
    "d = {{}}\nfor i in range({n}):\n    d = {{'k': d}}\n{op}\n",
    "t = ()\nfor i in range({n}):\n    t = (t,)\n{op}\n",
    # dunder recursion
    "class A:\n    def __{dunder}__(self, *a):\n        return {expr}\na = A()\n{use}\n",
    # a finalizer or a weakref callback doing something odd
    "import gc, weakref\nclass A:\n    def __del__(self):\n        {body}\na = A()\na.self = a\nr = weakref.ref(a, lambda r: {cb})\ndel a\nprint(gc.collect())\n",
    # mutation while the model iterates
    "l = list(range({k}))\ndef key(x):\n    {mut}\n    return -x\ntry:\n    l.sort(key=key)\nexcept Exception as e:\n    print(type(e).__name__, e)\nprint(l)\n",
    "d = {{i: i for i in range({k})}}\ntry:\n    for k in d:\n        {dmut}\nexcept Exception as e:\n    print(type(e).__name__, e)\nprint(len(d))\n",
    # allocations
    "try:\n    x = {alloc}\n    print(type(x).__name__)\nexcept (MemoryError, OverflowError, ValueError) as e:\n    print(type(e).__name__)\n",
    # recursion limits
    "import sys\nsys.setrecursionlimit({limit})\ndef f(n):\n    return f(n + 1) if n < {depth} else n\ntry:\n    print(f(0))\nexcept RecursionError as e:\n    print('RecursionError', e)\n",
    # generators and exceptions
    "def g():\n    try:\n        yield 1\n        {gbody}\n    finally:\n        {gfin}\nit = g()\nprint(next(it))\n{gafter}\nprint('end')\n",
    # exceptions with odd arguments and contexts
    "try:\n    try:\n        {raise1}\n    finally:\n        {raise2}\nexcept BaseException as e:\n    print(type(e).__name__, repr(e.__context__))\n",
]

FILL = {
    "n": ["10", "1000", "100000"],
    "op": ["print(repr(x)[:50] if 'x' in dir() else 0)", "print(x == x)", "print(str(d)[:20] if 'd' in dir() else 0)",
           "import copy\ny = copy.deepcopy(x if 'x' in dir() else t if 't' in dir() else d)", "print(len(str(t))) if 't' in dir() else None",
           "print([x] in [[x]] if 'x' in dir() else 0)", "print(hash(t) if 't' in dir() else 0)",
           "import pickle" , "s = {{}}\nprint(x is s)".replace("{{}}", "{}")],
    "dunder": ["repr", "str", "eq", "hash", "lt", "len", "iter", "getattr", "call", "bool", "index", "format"],
    "expr": ["repr(self)", "str(self)", "self == self", "hash(self)", "self < self", "len(self)",
             "iter(self)", "self.x", "self()", "bool(self)", "1", "None", "[self]", "-1", "2**100", "'x'"],
    "use": ["print(repr(a))", "print(str(a))", "print(a == a)", "print(hash(a))", "print(a < a)",
            "print(len(a))", "print(list(a))", "print(a.y)", "print(a())", "print(bool(a))",
            "print([0][a])", "print(format(a))", "print(f'{a!r}')", "print({a: 1})"],
    "body": ["print('del')", "raise ValueError('x')", "global b; b = self", "self.self = self",
             "import gc; gc.collect()", "del self.self", "print(self)"],
    "cb": ["print('cb')", "1/0", "r", "gc.collect()", "[].append(r)"],
    "k": ["0", "1", "5", "100"],
    "mut": ["l.pop() if l else 0", "l.append(x)", "l.clear()", "l.sort()", "print(len(l))", "l[:] = [1]",
            "del l[:]", "l.reverse()", "pass"],
    "dmut": ["d[k + 1000] = 1", "del d[k]", "d.clear()", "d.pop(k)", "d[k] = 0", "d.update({1: 2})"],
    "alloc": ["[None] * 10**10", "'x' * 10**10", "b'x' * 10**10", "list(range(10**10))", "bytearray(10**10)",
              "(0,) * 10**10", "'x' * 2**62", "[0] * -1", "range(10**100)", "list(range(2**62))",
              "dict.fromkeys(range(10**10))", "set(range(10**10))", "tuple(range(10**10))",
              "'ab'.join(['x'] * 10**9)", "bytes(range(256)) * 10**8", "2 ** 10**10", "10 ** 10**8",
              "1 << 10**12", "'%*d' % (10**10, 1)", "'{:10000000000}'.format(1)", "[[]] * 10**9",
              "'x'.ljust(10**10)", "sum([[1]] * 10**5, [])"],
    "limit": ["1", "5", "50", "1000", "10**6", "2**31 - 1", "0", "-1", "2**31"],
    "depth": ["0", "10", "900", "5000", "100000"],
    "gbody": ["yield 2", "return 3", "raise StopIteration", "it.close()", "next(it)", "it.send(1)",
              "raise GeneratorExit"],
    "gfin": ["print('fin')", "yield 5", "return 9", "raise ValueError", "pass"],
    "gafter": ["it.close()", "del it", "print(list(it))", "it.throw(ValueError)", "print(next(it, 'x'))",
               "import gc; gc.collect()", "it.send(None)"],
    "raise1": ["1/0", "raise KeyboardInterrupt", "raise SystemExit(3)", "raise StopIteration", "[][1]",
               "raise ValueError(*range(3))", "raise Exception from None", "raise TypeError from ValueError()"],
    "raise2": ["pass", "raise KeyError(1)", "del undefined_name", "raise", "print('f')", "return"],
}


def hostile(rng):
    t = rng.choice(HOSTILE)
    keys = re.findall(r"\{(\w+)\}", t)
    vals = {k: rng.choice(FILL[k]) for k in keys}
    return t.format(**vals)


def grammar_programs(python, count, seed, workdir, timeout=3600):
    """`count` programs from hypothesmith, generated by a venv's interpreter into a file.

    Each program is appended to grammar-SEED-COUNT.jsonl as it comes, so a generation that
    hits `timeout` (hypothesmith is slow on a loaded machine) still gives what it made."""
    dest = Path(workdir) / f"grammar-{seed}-{count}.json"
    if dest.exists():
        # generated before (hypothesmith is slow): the same seed gives the same programs
        return json.loads(dest.read_text())
    partial = dest.with_suffix(".jsonl")
    code = f"""
import json, random, warnings
warnings.filterwarnings('ignore')
import hypothesmith
from hypothesis import strategies as st, settings, HealthCheck, given, seed as hseed
out = open({str(partial)!r}, 'w')
n = 0
strat = st.one_of(hypothesmith.from_grammar(), hypothesmith.from_node())
@hseed({seed})
@settings(max_examples={count}, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
@given(strat)
def collect(src):
    global n
    if n < {count}:
        out.write(json.dumps(src) + '\\n')
        out.flush()
        n += 1
try:
    collect()
except Exception as e:
    pass
"""
    try:
        subprocess.run([python, "-c", code], check=False, timeout=timeout)
    except subprocess.TimeoutExpired:
        pass
    progs = []
    try:
        for line in partial.read_text().splitlines():
            try:
                progs.append(json.loads(line))
            except ValueError:
                break  # the last line of a stopped generation
    except OSError:
        return []
    dest.write_text(json.dumps(progs))
    return progs


# ---------------------------------------------------------------- campaign


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--refscope", default=str(ROOT / "target/release/refscope"))
    ap.add_argument("--python", default="python3")
    ap.add_argument("--python-with-hypothesmith", default=None)
    ap.add_argument("--out", required=True)
    ap.add_argument("--gen", action="append", default=[], help="KIND:COUNT (mutant, grammar, hostile)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--memory", type=int, default=4_000_000 * 1024, help="address-space limit in bytes")
    ap.add_argument("--minimise-mismatches", action="store_true")
    ap.add_argument("--grammar-cache", default=None,
                    help="a grammar-SEED-COUNT.json written by an earlier run (hypothesmith is slow)")
    args = ap.parse_args()

    out = Path(args.out)
    (out / "findings").mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    programs = []
    snippets = corpus_snippets()
    for spec in args.gen or ["mutant:100", "hostile:100"]:
        kind, _, n = spec.partition(":")
        n = int(n or 100)
        if kind == "mutant":
            programs += [("mutant", mutate(rng.choice(snippets), rng)) for _ in range(n)]
        elif kind == "hostile":
            programs += [("hostile", hostile(rng)) for _ in range(n)]
        elif kind == "grammar":
            if not args.python_with_hypothesmith and not args.grammar_cache:
                sys.exit("--gen grammar needs --python-with-hypothesmith")
            if args.grammar_cache:
                got = json.loads(Path(args.grammar_cache).read_text())[:n]
            else:
                got = grammar_programs(args.python_with_hypothesmith, n, args.seed, out)
            print(f"grammar: {len(got)} programs generated", file=sys.stderr)
            programs += [("grammar", p) for p in got]
        else:
            sys.exit(f"unknown generator {kind}")

    tmp = Path(tempfile.mkdtemp(prefix="refscope-fuzz-"))
    refscope = [str(Path(args.refscope).resolve()), "run"]
    python = [args.python]

    def both(i, text):
        d = tmp / f"p{i}"
        d.mkdir(exist_ok=True)
        f = d / "prog.py"
        f.write_text(text, encoding="utf-8", errors="surrogateescape")
        rs = run(refscope, f, args.timeout, args.memory)
        py = run(python, f, args.timeout, args.memory)
        return rs, py

    results = []
    counts = {}
    causes = {}
    started = time.monotonic()

    def one(item):
        i, (gen, text) = item
        rs, py = both(i, text)
        cls, cause = classify(rs, py)
        return i, gen, text, rs, py, cls, cause

    # every result as it comes (a stopped campaign keeps what it ran); the programs that did
    # not agree are kept whole in OUT/programs/ for a look
    log = open(out / "results.jsonl", "w")
    (out / "programs").mkdir(exist_ok=True)
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for n, (i, gen, text, rs, py, cls, cause) in enumerate(pool.map(one, enumerate(programs)), 1):
            log.write(json.dumps({"i": i, "gen": gen, "class": cls, "cause": cause,
                                  "rs_secs": round(rs.secs, 3), "py_secs": round(py.secs, 3)}) + "\n")
            log.flush()
            if cls != "same":
                (out / "programs" / f"{cls}-{i}.py").write_text(text, encoding="utf-8", errors="surrogateescape")
                (out / "programs" / f"{cls}-{i}.json").write_text(json.dumps(
                    {"cause": cause, "refscope": rs.as_dict(), "python3": py.as_dict()}, indent=1))
            counts.setdefault(gen, {}).setdefault(cls, 0)
            counts[gen][cls] += 1
            causes.setdefault((cls, cause), []).append(i)
            results.append((i, gen, text, rs, py, cls, cause))
            if n % 250 == 0:
                print(f"{n}/{len(programs)} {time.monotonic() - started:.0f}s {counts}", file=sys.stderr, flush=True)

    # minimise one program per (class, cause) worth a look
    findings = []
    for (cls, cause), ids in sorted(causes.items(), key=lambda kv: -len(kv[1])):
        if cls in ("same", "unsupported") or (cls == "mismatch" and not args.minimise_mismatches):
            continue
        i = ids[0]
        _, gen, text, rs, py, _, _ = results[i]

        def still(cand, cls=cls, cause=cause, i=i):
            r2, p2 = both(f"{i}m", cand)
            return classify(r2, p2) == (cls, cause)

        small = minimise(text, still) if cls != "hang" else minimise(text, still, budget_s=300)
        rs2, py2 = both(f"{i}f", small)
        name = f"{cls}-{len(findings) + 1}"
        (out / "findings" / f"{name}.py").write_text(small)
        (out / "findings" / f"{name}.json").write_text(
            json.dumps({"class": cls, "cause": cause, "count": len(ids), "generator": gen,
                        "refscope": rs2.as_dict(), "python3": py2.as_dict()}, indent=1))
        findings.append({"name": name, "class": cls, "cause": cause, "count": len(ids)})

    mismatch_causes = {}
    for (cls, cause), ids in causes.items():
        if cls in ("mismatch", "unsupported"):
            mismatch_causes[f"{cls}: {cause}"] = len(ids)
    total = {}
    for g in counts.values():
        for c, k in g.items():
            total[c] = total.get(c, 0) + k
    summary = {
        "programs": len(programs),
        "seconds": round(time.monotonic() - started),
        "by_generator": counts,
        "total": total,
        "findings": findings,
        "mismatch_causes": dict(sorted(mismatch_causes.items(), key=lambda kv: -kv[1])),
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=1))
    md = [f"# fuzz campaign: {len(programs)} programs, seed {args.seed}", "",
          "| class | " + " | ".join(counts) + " | all |", "|---|" + "---|" * (len(counts) + 1)]
    classes = sorted({c for g in counts.values() for c in g})
    for c in classes:
        md.append(f"| {c} | " + " | ".join(str(counts[g].get(c, 0)) for g in counts) + f" | {total.get(c, 0)} |")
    md += ["", "## findings (minimised)", ""] + [f"- {f['name']}: {f['cause']} ({f['count']})" for f in findings]
    md += ["", "## mismatches and unsupported, by cause", ""] + [f"- {k}: {v}" for k, v in summary["mismatch_causes"].items()]
    (out / "summary.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))
    subprocess.run(["rm", "-rf", str(tmp)])
    bad = sum(total.get(c, 0) for c in ("panic", "signal", "hang"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
