# topic: sys.getsizeof - sizes of common empty and small objects (64-bit CPython 3.11)
import sys
class Plain:
    pass
class Slotted:
    __slots__ = ('a',)
for obj in [0, 1, 2 ** 30, 2 ** 60, -1, 1.5, 1j, True, None, '', 'a', 'abc', 'é', '日', '😀', b'', b'abc',
            [], [1], [1, 2, 3], (), (1,), (1, 2), {}, {1: 2}, set(), {1}, frozenset(), range(5), Plain(), Slotted()]:
    print(type(obj).__name__, repr(obj)[:12], sys.getsizeof(obj))
lst = []
sizes = []
for i in range(20):
    lst.append(i)
    sizes.append(sys.getsizeof(lst))
print(sizes)
print(sys.getsizeof(list(range(10))), sys.getsizeof([0] * 10), sys.getsizeof([i for i in range(10)]))
