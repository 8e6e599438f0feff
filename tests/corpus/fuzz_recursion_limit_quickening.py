# Which guard raises RecursionError at a tiny limit: CPython 3.11's generic COMPARE_OP goes
# through PyObject_RichCompare (" in comparison"); after eight RESUMEs or backward jumps the
# code is quickened and a comparison of two one-digit ints, two floats or two strs (== and !=)
# followed by a conditional jump specialises and enters no guard, so the next frame's entry
# raises the plain message. (issue 9 item 3; 30 and 21 fuzz mismatches, seeds 3 and 21)
import sys
def run(name, f, arg=0):
    try:
        print(name, f(arg))
    except RecursionError as e:
        print(name, 'RecursionError', e)
sys.setrecursionlimit(5)
def lt(n):
    return lt(n + 1) if n < 100000 else n
for i in range(3):
    run('lt', lt)
sys.setrecursionlimit(6)
def b30(n):
    return b30(n + 1) if n < 2**30 else n
def b30m(n):
    return b30m(n + 1) if n < 2**30 - 1 else n
def neg(n):
    return neg(n + 1) if -2**30 < n else n
for i in range(3):
    run('b30', b30); run('b30m', b30m); run('neg', neg)
def val(n):
    x = n < 100
    return val(n + 1) if x else n
for i in range(3):
    run('val', val)
def mixed(n):
    return mixed(n + 1) if n < 100.0 else n
for i in range(3):
    run('mixed', mixed)
def fl(n):
    return fl(n + 1) if n < 100.0 else n
for i in range(3):
    run('fl', fl, 0.0)
run('fl-int', fl, 0)
run('fl-float', fl, 0.0)
def s(n):
    return s(n + 'a') if n != 'aaaaaaaaaaaaaaa' else n
for i in range(3):
    run('s', s, '')
def slt(n):
    return slt(n + 'a') if n < 'aaaaaaaaaaaaaaa' else n
for i in range(3):
    run('slt', slt, '')
def bools(n):
    return bools(n) if n == True else n
for i in range(3):
    run('bools', bools, True)
T = tuple(range(20))
def loop1(n):
    for i in T[:1]:
        pass
    return loop1(n + 1) if n < 100 else n
run('loop1', loop1)
sys.setrecursionlimit(12)
def s12(n):
    return s12(n + 'a') if n != 'a' * 100 else n
for i in range(3):
    run('s12', s12, '')
sys.setrecursionlimit(1000)
def deep(n):
    return deep(n + 1) if n != 2**40 else n
run('deep', deep)
def deep2(n):
    return deep2(n + 1) if n != -1 else n
run('deep2', deep2)
