# topic: dataclasses - __init__, __repr__, __eq__ and ordering written from the annotations
import sys
from dataclasses import dataclass, field, asdict, astuple, fields, replace, is_dataclass, FrozenInstanceError
from typing import List, Optional

@dataclass
class Point:
    x: int
    y: int = 0

@dataclass(order=True, frozen=True)
class Card:
    rank: int
    suit: str = 'hearts'

@dataclass
class Inventory:
    items: List[str] = field(default_factory=list)
    owner: Optional[str] = None
    secret: int = field(default=0, repr=False, compare=False)

p = Point(1, 2)
print(p, p == Point(1, 2), p == Point(2, 1), Point(3))
print(asdict(p), astuple(p), [f.name for f in fields(Point)], replace(p, y=9))
print(p.__dict__, sys.getsizeof(p), Point.__annotations__)
c1, c2 = Card(2), Card(3, 'spades')
print(c1 < c2, sorted([c2, c1]), hash(c1) == hash(Card(2)), c1 == Card(2))
try:
    c1.rank = 5
except FrozenInstanceError as e:
    print(type(e).__name__, e, isinstance(e, AttributeError))
a, b = Inventory(), Inventory()
a.items.append('apple')
print(a, b, a.items is b.items)
print(Inventory(['x'], 'ann', 7) == Inventory(['x'], 'ann', 8))
print(is_dataclass(p), is_dataclass(Point), is_dataclass(1))
print(Point.__init__.__qualname__, Point.__eq__.__qualname__, Point.__hash__)
try:
    @dataclass
    class Bad:
        items: list = []
except ValueError as e:
    print('ValueError:', e)
try:
    @dataclass
    class Order:
        x: int = 0
        y: int
except TypeError as e:
    print('TypeError:', e)
@dataclass
class Node:
    value: int
    children: list = field(default_factory=list)
    def add(self, v):
        n = Node(v)
        self.children.append(n)
        return n
root = Node(1)
root.add(2).add(3)
print(root, asdict(root))
@dataclass
class WithPost:
    a: int
    b: int = field(init=False)
    def __post_init__(self):
        self.b = self.a * 2
print(WithPost(4))
