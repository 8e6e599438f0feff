# Keywords to a class's __call__ or __new__ (slot_tp_call, slot_tp_new): the call's
# argument tuple and keyword dict are unpacked again (_PyStack_UnpackDict) into a new
# argument array and a tuple of the names, each argument with one reference more.
import gc
import sys


class Scaler:
    def __call__(self, value, factor=1):
        print("  __call__ sees", sys.getrefcount(value), sys.getrefcount(factor))
        return len(value) * len(factor)


class Point:
    def __new__(cls, xs, ys=None):
        print("  __new__ sees", sys.getrefcount(xs), sys.getrefcount(ys))
        return super().__new__(cls)

    def __init__(self, xs, ys=None):
        print("  __init__ sees", sys.getrefcount(xs), sys.getrefcount(ys))
        self.xs = xs
        self.ys = ys


xs = [1, 2]
ys = [3, 4]
s = Scaler()
print("positional:")
print(s(xs, ys))
print("keyword:")
print(s(xs, factor=ys))
print("Point positional:")
p = Point(xs, ys)
print("Point keyword:")
p = Point(xs, ys=ys)

gc.collect()
gc.disable()
before = gc.get_count()[0]
s(xs, factor=ys)
print("gen0 after a keyword __call__:", gc.get_count()[0] - before)
gc.enable()
