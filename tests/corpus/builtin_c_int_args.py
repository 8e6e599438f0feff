# Arguments CPython converts with _PyLong_AsInt: an int (or __index__) that fits a C int.
# A bigger one, even beyond Py_ssize_t, is "too large to convert to C int".
import sys


class Index:
    def __index__(self):
        return 50


calls = [
    ("setrecursionlimit(2**40)", lambda: sys.setrecursionlimit(2**40)),
    ("setrecursionlimit(2**70)", lambda: sys.setrecursionlimit(2**70)),
    ("setrecursionlimit(1.5)", lambda: sys.setrecursionlimit(1.5)),
    ("setrecursionlimit(Index())", lambda: sys.setrecursionlimit(Index())),
    ("getrecursionlimit()", lambda: sys.getrecursionlimit()),
    ("hex(':', 2**40)", lambda: b"ab".hex(":", 2**40)),
    ("hex(':', 2**70)", lambda: b"ab".hex(":", 2**70)),
    ("hex(':', Index())", lambda: b"abcd".hex(":", Index())),
    ("expandtabs(2**40)", lambda: b"a\tb".expandtabs(2**40)),
    ("expandtabs(Index())", lambda: b"a\tb".expandtabs(Index())),
    ("set_int_max_str_digits(2**33)", lambda: sys.set_int_max_str_digits(2**33)),
]
for label, call in calls:
    try:
        print(label, "->", repr(call()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)
sys.setrecursionlimit(1000)
