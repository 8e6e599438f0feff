# topic: typing caches its subscriptions (_tp_cache: an lru_cache whose keys hold the arguments); a Protocol subclass's __subclasshook__ closure holds the class
import sys
from typing import Protocol, runtime_checkable, TypeVar, Generic, List, Dict, Callable, Tuple, Union, Optional
T = TypeVar('T')
print(sys.getrefcount(T))
class Box(Generic[T]):
    def get(self) -> T:
        return self.item
print(sys.getrefcount(T), Box.__parameters__, Box.__parameters__ is Box.__orig_bases__[0].__parameters__)
print(List[int] is List[int], Dict[str, int] is Dict[str, int], Callable[[int], str] is Callable[[int], str])
print(Tuple[int, ...] is Tuple[int, ...], Union[int, str] is Union[int, str], Optional[int])
print(sys.getrefcount(T), List[T][int], sys.getrefcount(T))
class P(Protocol):
    def m(self) -> int: ...
@runtime_checkable
class R(Protocol):
    def m(self) -> int: ...
class A:
    def m(self):
        return 1
print(isinstance(A(), R), isinstance(1, R), issubclass(A, R), sys.getrefcount(P), sys.getrefcount(R))
try:
    isinstance(A(), P)
except TypeError as e:
    print(e)
try:
    P()
except TypeError as e:
    print(e)
class Impl(P):
    def __init__(self):
        self.x = 1
print(Impl().x, P.__subclasshook__.__qualname__)
try:
    class Bad(Generic):
        pass
except TypeError as e:
    print(e)
try:
    Generic[int]
except TypeError as e:
    print(e)
