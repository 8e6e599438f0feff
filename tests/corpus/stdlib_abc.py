# topic: abc - abstract base classes refuse to be instantiated until every abstract method is defined
import abc
from abc import ABC, ABCMeta, abstractmethod
from collections.abc import Sequence, Mapping, Iterable, Iterator, Hashable, Sized, MutableMapping

class Shape(ABC):
    @abstractmethod
    def area(self):
        ...
    @abstractmethod
    def perimeter(self):
        ...
    def describe(self):
        return f'{type(self).__name__} with area {self.area()}'

try:
    Shape()
except TypeError as e:
    print('TypeError:', e)

class Half(Shape):
    def area(self):
        return 1
try:
    Half()
except TypeError as e:
    print('TypeError:', e)

class Square(Shape):
    def __init__(self, s):
        self.s = s
    def area(self):
        return self.s ** 2
    def perimeter(self):
        return 4 * self.s

sq = Square(3)
print(sq.describe(), sq.perimeter(), isinstance(sq, Shape), issubclass(Square, Shape))
print(type(Shape), type(Square), sorted(Half.__abstractmethods__), Square.__abstractmethods__)

class Plugin(metaclass=ABCMeta):
    @property
    @abstractmethod
    def name(self):
        ...
class P(Plugin):
    name = 'p'
print(P().name, Plugin.__abstractmethods__)

class MyList:
    def __len__(self):
        return 0
    def __getitem__(self, i):
        raise IndexError
print(isinstance(MyList(), Sized), isinstance(MyList(), Sequence))
Sequence.register(MyList)
print(isinstance(MyList(), Sequence), issubclass(MyList, Iterable))
print(isinstance([], Sequence), isinstance((), Sequence), isinstance('', Sequence), isinstance({}, Mapping))
print(isinstance({}, MutableMapping), isinstance(iter([]), Iterator), isinstance(1, Hashable), isinstance([], Hashable))
class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n == 0:
            raise StopIteration
        self.n -= 1
        return self.n
print(isinstance(Countdown(3), Iterator), list(Countdown(3)))
class Registry(Mapping):
    def __init__(self):
        self._d = {'a': 1, 'b': 2}
    def __getitem__(self, k):
        return self._d[k]
    def __iter__(self):
        return iter(self._d)
    def __len__(self):
        return len(self._d)
r = Registry()
print(r.get('a'), r.get('z', 0), 'b' in r, list(r.keys()), list(r.items()), r == {'a': 1, 'b': 2})
print(abc.get_cache_token() > 0)
