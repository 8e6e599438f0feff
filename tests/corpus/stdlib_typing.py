# topic: typing - annotations, generics and the typing helpers a program imports
from typing import (List, Dict, Optional, Union, Any, Callable, NamedTuple, TypedDict, Protocol,
                    TypeVar, Generic, Tuple, Set, Iterable, Iterator, cast, get_type_hints, overload)

T = TypeVar('T')

class Stack(Generic[T]):
    def __init__(self) -> None:
        self.items: List[T] = []
    def push(self, item: T) -> None:
        self.items.append(item)
    def pop(self) -> T:
        return self.items.pop()

s = Stack[int]()
s.push(1)
s.push(2)
print(s.pop(), s.items, type(s).__name__, Stack.__parameters__, Stack.__orig_bases__)

def greet(name: str, times: Optional[int] = None) -> str:
    return name * (times or 1)
print(greet('ab', 2), greet.__annotations__)
print(get_type_hints(greet))

class Emp(NamedTuple):
    name: str
    id: int = 3
e = Emp('x')
print(e, e._fields, Emp.__annotations__, isinstance(e, tuple), e.id)

class Movie(TypedDict):
    title: str
    year: int
m: Movie = {'title': 'x', 'year': 1}
print(m, type(m), Movie.__annotations__)

print(List[int], Dict[str, int], Optional[int], Union[int, str], Callable[[int], str])
print(Tuple[int, ...], Any, Set[str], Iterable[int], Union[int, None] == Optional[int])
print(List[int].__origin__, Dict[str, int].__args__, T, Stack[int])

class Greeter(Protocol):
    def greet(self) -> str:
        ...
class English:
    def greet(self) -> str:
        return 'hi'
def welcome(g: Greeter) -> str:
    return g.greet()
print(welcome(English()), cast(int, '3'))

def apply(f: Callable[[int], int], xs: Iterable[int]) -> List[int]:
    return [f(x) for x in xs]
print(apply(lambda x: x * 2, range(3)))
Vector = List[float]
def scale(k: float, v: Vector) -> Vector:
    return [k * x for x in v]
print(scale(2.0, [1.0, 2.5]), Vector)
