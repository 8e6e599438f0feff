# Builtins that are METH_VARARGS in CPython 3.11 (min, max, dir, vars, sys.getsizeof,
# gc.get_referents, str.format, str.find/count/startswith, dict.update, set.union, X.__new__)
# receive their arguments in a tuple, which holds a reference to each while they run.
import gc
import sys


class V:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        print("  __lt__ sees", sys.getrefcount(self), sys.getrefcount(other))
        return self.v < other.v


class I:
    def __index__(self):
        print("  __index__ sees", sys.getrefcount(self))
        return 0


def key(x):
    print("  key sees", sys.getrefcount(x))
    return x.v


a, b = V(1), V(2)
print("max(a, b):")
print(max(a, b).v)
print("min([a, b]):")
print(min([a, b]).v)
print("sorted([a, b]) (no tuple):")
print(sorted([a, b])[0].v)
print("max(a, b, key=key):")
print(max(a, b, key=key).v)

i = I()
print("'abc'.find('b', i):", "abc".find("b", i))
print("'abc'.startswith('a', i):", "abc".startswith("a", i))
print("b'abc'.count(b'b', i):", b"abc".count(b"b", i))
print("'abc'.index('a', i):", "abc".index("a", i))


class Fmt:
    def __format__(self, spec):
        print("  __format__ sees", sys.getrefcount(self))
        return "F"


f = Fmt()
print("'{}'.format(f):", "{}".format(f))
print("format(f) (no tuple):", format(f))


class Temp(float):
    def __new__(cls, value):
        print("  __new__ sees value", sys.getrefcount(value))
        return super().__new__(cls, value)


t = Temp(21.5)
print(t)

# the tuples are GC objects: generation 0's count sees them when no free tuple is left
gc.collect()
gc.disable()
before = gc.get_count()[0]
sizes = [sys.getsizeof(x) for x in ([], {}, (), "")]
print(sizes, gc.get_count()[0] - before)
gc.enable()
