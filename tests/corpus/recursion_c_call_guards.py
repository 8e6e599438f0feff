# Recursion through C calls: CPython 3.11 counts a unit of the recursion limit for every Python
# frame and for every C guard held under it - the generic call of a builtin function, method
# descriptor or type without vectorcall (" while calling a Python object"), PyObject_Repr/Str,
# PyObject_RichCompare - but not for a call that a warm PRECALL specialised (len(), getattr(),
# str(x) once the code has run 8 times). The depth a RecursionError comes at, and its message,
# show which guards were held.
n = 0


def probe(name, f):
    global n
    n = 0
    try:
        f()
        print(name, 'no error', n)
    except RecursionError as e:
        print(name, n, str(e))


class R:
    def __repr__(self):
        global n; n += 1
        return repr(self)


class S:
    def __str__(self):
        global n; n += 1
        return str(self)


class L:
    def __lt__(self, other):
        global n; n += 1
        return sorted([self, other]) and True


class I:
    def __init__(self):
        global n; n += 1
        I()


class N:
    def __new__(cls):
        global n; n += 1
        return N()


class Len:
    def __len__(self):
        global n; n += 1
        return len(self)


class G:
    def __getattr__(self, name):
        global n; n += 1
        return getattr(self, name)


def sorted_key(x):
    global n; n += 1
    return sorted([x], key=sorted_key)


def max_key(x):
    global n; n += 1
    return max([x], key=max_key)


def mapped(x):
    global n; n += 1
    return list(map(mapped, [x]))


probe('repr', lambda: repr(R()))
probe('print-repr', lambda: print(R()))
probe('str', lambda: str(S()))
probe('print-str', lambda: print(S()))
probe('sorted-lt', lambda: sorted([L(), L()]))
probe('init', lambda: I())
probe('new', lambda: N())
probe('len', lambda: len(Len()))
probe('getattr', lambda: G().x)
probe('sorted-key', lambda: sorted_key(1))
probe('max-key', lambda: max_key(1))
probe('map', lambda: mapped(1))

# the generic path of a call in cold code, one unit short of the limit
CALLS = ["len([])", "getattr(1, 'real')", "sorted([])", "max(1, 2)", "print(end='')",
         "int()", "str(1)", "list()", "object()", "ValueError()", "'a'.upper()",
         "items.append(1)", "d.get(1)", "f()"]
for expr in CALLS:
    ns = {'items': [], 'd': {}, 'f': lambda: 1}
    exec(f"def cold():\n    {expr}\n", ns)
    cold = ns['cold']
    seen = []

    def down():
        try:
            down()
        except RecursionError:
            try:
                cold()
                seen.append('no guard')
            except RecursionError as e:
                seen.append('guard' + str(e)[len('maximum recursion depth exceeded'):])
    down()
    print(expr, '->', seen[0])
