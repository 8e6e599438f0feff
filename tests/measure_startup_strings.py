"""Measure the identifier strings CPython 3.11's start-up has interned, and how many references
start-up holds to each, for `src/vm/startup_strings.tsv` (the model's start-up builds them; see
`src/vm/startup_strings.rs`).

Why: the compiler interns every identifier-like constant and name, so `v = 'data'` in a snippet
binds the very string object CPython's start-up made. In 3.11 most of those are statically
allocated (deep-frozen code objects' strings, `_Py_ID` identifiers): their count starts at
999,999,999, so `sys.getrefcount('data')` prints 1000000185. The rest are ordinary heap strings
the start-up modules' code and dicts keep alive (`'left'`: 6).

How: a probe, imported by `python3 -c` (so only its own code objects, not a parser arena, hold
its names), walks every object reachable from the collector's lists and the code objects'
names and constants, collects the identifier strings (as copies, holding none of them), then
for each one asks `sys.intern` for the canonical object: already interned means start-up made
it; its count, less the probe's own two references, is what start-up holds. The strings the
probe's own code names are measured again by a second program (script mode) whose names are
disjoint from the probe's. Each measurement is the median of RUNS runs: a few counts move by
one or two between runs, because the type attribute cache (`type_cache`) holds a reference to
the names of the lookups that last hit each of its 4096 entries, and which entry a name takes
depends on addresses (address-space randomisation). Strings made by a snippet's own code are
never in the table.

usage: python3 tests/measure_startup_strings.py > src/vm/startup_strings.tsv
"""
import io
import keyword
import os
import statistics
import subprocess
import sys
import tempfile
import tokenize

RUNS = 5

PROBE = r'''
import sys, gc
import __main__
# script mode's __main__ has these two keys too (the probe is imported by -c)
__main__.__file__ = None
__main__.__cached__ = None
seen = set()
done = set()
todo = list(gc.get_objects())
todo.append(sys.modules)
codetype = type(sys._getframe().f_code)
while todo:
    o = todo.pop()
    if id(o) in done:
        continue
    done.add(id(o))
    t = type(o)
    if t is str:
        if o.isidentifier() and o.isascii():
            seen.add(o.encode().decode())
        continue
    if t is codetype:
        todo.extend(o.co_consts)
        todo.extend(o.co_names)
        todo.extend(o.co_varnames)
        todo.extend(o.co_cellvars)
        todo.extend(o.co_freevars)
        todo.append(o.co_name)
        todo.append(o.co_qualname)
        continue
    todo.extend(gc.get_referents(o))
del todo, done, o, t
res = []
for w in sorted(seen):
    c = w.encode().decode()
    o = sys.intern(c)
    if o is c:
        continue
    r = sys.getrefcount(o)
    res.append("%s %d" % (w, r - 2))
del c, o
for line in res:
    sys.stdout.write(line + "\n")
'''

# script mode, names disjoint from the probe's: the words come on stdin
SECOND = r'''
_zq = __import__(''.join(['s', 'ys']))
_zi = getattr(_zq, ''.join(['inte', 'rn']))
_zg = getattr(_zq, ''.join(['getref', 'count']))
_zl = getattr(getattr(_zq, ''.join(['std', 'in'])), ''.join(['re', 'ad']))()
for _zw in _zl.split():
    _zo = _zi(''.join([_zw[:1], _zw[1:]]))
    print(_zw, _zg(_zo) - 2)
'''


def names_in(src):
    out = set()
    for tok in tokenize.generate_tokens(io.StringIO(src).readline):
        if tok.type == tokenize.NAME and not keyword.iskeyword(tok.string):
            out.add(tok.string)
        elif tok.type == tokenize.STRING:
            out.add(eval(tok.string))
    return out


def env():
    return dict(os.environ, PYTHONHASHSEED='0', PYTHONDONTWRITEBYTECODE='1')


def probe_runs(d):
    path = os.path.join(d, 'refscope_startup_probe.py')
    with open(path, 'w') as f:
        f.write(PROBE)
    runs = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, '-c', 'import refscope_startup_probe'], cwd=d,
                             env=env(), capture_output=True, text=True, check=True).stdout
        runs.append(dict((w, int(n)) for w, n in (l.split() for l in out.splitlines())))
    return runs


def second_runs(d, words):
    path = os.path.join(d, 'second.py')
    with open(path, 'w') as f:
        f.write(SECOND)
    runs = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, path], input=' '.join(words), env=env(),
                             capture_output=True, text=True, check=True).stdout
        runs.append(dict((w, int(n)) for w, n in (l.split() for l in out.splitlines())))
    return runs


def main():
    own = names_in(PROBE) | {'refscope_startup_probe'}
    second_own = names_in(SECOND)
    assert not own & second_own, own & second_own
    with tempfile.TemporaryDirectory() as d:
        runs = probe_runs(d)
        words = sorted(set().union(*runs))
        again = second_runs(d, sorted(w for w in words if w in own))
    static = 999_999_999
    print('# identifier strings interned by python3 %s start-up (tests/measure_startup_strings.py)'
          % sys.version.split()[0])
    print('# S: statically allocated (count from 999,999,999); H: a heap string. Then the'
          ' references start-up holds (median of %d runs).' % RUNS)
    for w in words:
        src = again if w in own else runs
        counts = [r[w] for r in src if w in r]
        if len(counts) * 2 <= RUNS:
            continue
        n = int(statistics.median_low(counts))
        if n >= static:
            print('S\t%d\t%s' % (n - static, w))
        elif n > 0:
            print('H\t%d\t%s' % (n, w))


main()
