# topic: annotations - module, class and function __annotations__, evaluated when the statement runs
x: int = 1
y: list[int]
def f(a: int, b: 'str' = 'b', *args: float, c: bool = True, **kw: dict[str, int]) -> tuple[int, ...]:
    z: Undefined = 3          # not evaluated inside a function
    return z
print(__annotations__, f.__annotations__, f(1))
print(f.__annotations__ is f.__annotations__, type(f.__annotations__).__name__)
def g(): pass
print(g.__annotations__, g.__annotations__ is g.__annotations__)
g.__annotations__ = {'r': int}
print(g.__annotations__)
class Point:
    x: int
    y: int = 0
    label: str = 'p'
    def m(self) -> None: pass
print(Point.__annotations__, Point.y, hasattr(Point, 'x'), Point.m.__annotations__)
class D: pass
d = D()
d.attr: int = 5
items = {}
items['k']: str = 'v'
print(d.attr, items, '__annotations__' in D.__dict__)
print(list[int], dict[str, list[int]], type(list[int]).__name__, list[int] == list[int], list[int]('ab'), tuple[int, ...])
try:
    isinstance([], list[int])
except TypeError as e:
    print('TypeError:', e)
try:
    v: Undefined = 1
except NameError as e:
    print('NameError:', e, v)
w: Missing
