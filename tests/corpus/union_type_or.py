# topic: X | Y - type.__or__ makes a types.UnionType (flattened, deduplicated, None as NoneType); isinstance/issubclass take it as a tuple; annotations evaluate it
import sys, gc, types
u = int | None
print(u, type(u), type(u).__name__, u.__args__, u.__parameters__)
print(int | int, int | str | int, (int | str) | float, None | int, list[int] | None)
print(list[int] | list[int], dict[str, int] | list[int] | dict[str, int])
print((int | str) == (str | int), (int | str) != (int | float), (int | str) == int, hash(int | str) == hash(str | int))
print(isinstance(3, int | str), isinstance(None, int | None), isinstance(2.5, int | str), issubclass(bool, int | str))
print(sys.getsizeof(u), gc.is_tracked(u), isinstance(u, types.UnionType))
def f(x: int | None = None, *, y: 'str' = '') -> list[int] | None:
    return None
print(f.__annotations__)
class A: pass
class B(A): pass
print(A | B, isinstance(B(), A | int), A | None | B)
for bad in [lambda: int | 3, lambda: 'a' | int, lambda: int | [1]]:
    try:
        bad()
    except TypeError as e:
        print(e)
try:
    isinstance([], list[int] | None)
except TypeError as e:
    print(e)
members = [int, str]
r = sys.getrefcount(members[0])
v = members[0] | members[1]
print(sys.getrefcount(int) - r, len(gc.get_referents(v)))
del v
print(sys.getrefcount(int) - r)
