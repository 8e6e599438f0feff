# object() has no GC header: PyBaseObject_Type lacks Py_TPFLAGS_HAVE_GC, so an instance is
# 16 bytes, never tracked, and generation 0's count does not see it (a class's instances are
# GC objects, counted one each).
import gc, sys
gc.collect()
before = gc.get_count()
keep = [object() for _ in range(200)]
after = gc.get_count()
print(after[0] - before[0], after[1] - before[1], sys.getsizeof(keep[0]), gc.is_tracked(keep[0]))
print(gc.get_referents(keep[0]), type(keep[0]).__sizeof__(keep[0]))
class Plain:
    pass
gc.collect()
before = gc.get_count()
more = [Plain() for _ in range(10)]
print(gc.get_count()[0] - before[0], sys.getsizeof(more[0]), gc.is_tracked(more[0]))
del keep, more
sentinel = object()
print(sentinel is not object(), gc.is_tracked(sentinel))
