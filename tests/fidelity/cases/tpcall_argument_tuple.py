# Calling a class, an instance with __call__, or a builtin type without vectorcall goes
# through tp_call: _PyObject_MakeTpCall builds a tuple of the arguments (a dict of the
# keywords) that holds them until the call returns, and frees it to the tuple free list.
import gc
import sys

class Point:
    def __init__(self, x, y=0):
        print("in __init__:", sys.getrefcount(x))
        self.x = x

class Adder:
    def __call__(self, value):
        return sys.getrefcount(value)

def plain(value):
    return sys.getrefcount(value)

coords = [1.5, 2.5]
print("in a function:", plain(coords))
p = Point(coords)
q = Point(coords, y=3)
print("through __call__:", Adder()(coords), "after:", sys.getrefcount(coords))

gc.collect()
c0 = gc.get_count()
n = int('42')
c1 = gc.get_count()
s = str(42)
c2 = gc.get_count()
f = float('1.5')
c3 = gc.get_count()
print(c0, c1, c2, c3)

gc.collect()
c0 = gc.get_count()
Made = type('Made', (), {'x': 1})
c1 = gc.get_count()
m = Made()
c2 = gc.get_count()
print(c0, c1, c2, m.x)

gc.collect()
c0 = gc.get_count()
class Thing:
    pass
c1 = gc.get_count()
t1 = Thing()
c2 = gc.get_count()
t2 = Thing()
c3 = gc.get_count()
print(c0, c1, c2, c3)
