# One-time and cached allocations that gc.get_count() sees: print's argument parser keeps
# a tuple of its keyword names from its first call, the first container repr makes the
# thread state dict and its Py_Repr list, and a freed slice waits in the slice cache.
import gc
import sys

gc.collect()
c0 = gc.get_count()
print()
c1 = gc.get_count()
print("a", "b")
c2 = gc.get_count()
sys.stderr.write("")
print(c0, c1, c2)

gc.collect()
c0 = gc.get_count()
r = repr((1, 2))
c1 = gc.get_count()
r = repr([1, 2])
c2 = gc.get_count()
print(c0, c1, c2)
print(any(type(o) is dict and 'Py_Repr' in o for o in gc.get_objects()))

gc.collect()
data = list(range(10))
c0 = gc.get_count()
s1 = slice(1, 3)
c1 = gc.get_count()
s2 = slice(2, 4)
c2 = gc.get_count()
part = data[1:5]
c3 = gc.get_count()
print(c0, c1, c2, c3, part)
