# topic: code objects - sys.getsizeof(code) counts CPython's code units: each instruction, its
# inline cache entries (LOAD_GLOBAL, LOAD_METHOD, LOAD_ATTR, CALL, BINARY_OP, COMPARE_OP...),
# the RESUME a code object starts with (and after each yield), EXTENDED_ARGs of long jumps
import sys
import os


def empty():
    pass


def gen():
    yield 1
    yield 2


def attrs(o, k):
    o.x = o.y + o[k]
    o[k] = 1
    a, b = k
    return a < b


def calls(seq):
    print(len(seq), seq.count(1))
    return [x for x in seq if x is not None]


def imported():
    # `os` is imported at module level: `os.getcwd()` is LOAD_ATTR, not LOAD_METHOD
    return os.getcwd(), os.sep.join(['a', 'b'])


def maybe(x=None):
    if x is None:
        x = []
    if x is not None:
        return x


def long_loop(n):
    total = 0
    while n:
        n -= 1
        total += n * n + n * 2 + n * 3 + n * 4 + n * 5 + n * 6 + n * 7 + n * 8 + n * 9
        total += n * n + n * 2 + n * 3 + n * 4 + n * 5 + n * 6 + n * 7 + n * 8 + n * 9
        total += n * n + n * 2 + n * 3 + n * 4 + n * 5 + n * 6 + n * 7 + n * 8 + n * 9
        total += n * n + n * 2 + n * 3 + n * 4 + n * 5 + n * 6 + n * 7 + n * 8 + n * 9
        total += n * n + n * 2 + n * 3 + n * 4 + n * 5 + n * 6 + n * 7 + n * 8 + n * 9
        total += n * n + n * 2 + n * 3 + n * 4 + n * 5 + n * 6 + n * 7 + n * 8 + n * 9
    return total


for f in (empty, gen, attrs, calls, imported, maybe, long_loop, lambda: 0):
    print(f.__name__, sys.getsizeof(f.__code__))
code = compile('x = [i * 2 for i in range(3)]', '<s>', 'exec')
print(sys.getsizeof(code), [sys.getsizeof(c) for c in code.co_consts if type(c) is type(code)])
print(long_loop(3), maybe(), calls([1, None, 2]))
