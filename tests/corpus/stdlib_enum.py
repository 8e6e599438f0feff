# topic: enum - members are singleton instances of their class, made by the EnumType metaclass
import sys
from enum import Enum, IntEnum, Flag, IntFlag, auto, unique

class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3

print(Color.RED, repr(Color.GREEN), Color(3), Color['RED'], Color.RED.name, Color.RED.value)
print(list(Color), len(Color), Color.RED is Color(1), Color.RED == 1, isinstance(Color.RED, Color))
print(type(Color), type(Color.RED), Color.__members__)
for c in Color:
    print(c.name, c.value, end='; ')
print()
try:
    Color(7)
except ValueError as e:
    print('ValueError:', e)
try:
    Color.RED = 5
except AttributeError as e:
    print('AttributeError:', e)
class Shape(IntEnum):
    CIRCLE = 1
    SQUARE = 2
print(Shape.CIRCLE < Shape.SQUARE, Shape.CIRCLE + 1, Shape(2), repr(Shape.SQUARE), int(Shape.SQUARE), str(Shape.CIRCLE))
class Day(Enum):
    MON = auto()
    TUE = auto()
    WED = auto()
print(Day.MON.value, Day.WED, [d.value for d in Day])
class Perm(Flag):
    R = 4
    W = 2
    X = 1
rw = Perm.R | Perm.W
print(rw, Perm.R in rw, Perm.X in rw, repr(Perm.R | Perm.X), bool(Perm(0)), list(rw))
class P2(IntFlag):
    A = 1
    B = 2
print(P2.A | P2.B, P2.A | 4, P2.A & 1)
try:
    @unique
    class Dup(Enum):
        A = 1
        B = 1
except ValueError as e:
    print('ValueError:', e)
class Alias(Enum):
    A = 1
    B = 1
print(Alias.B, Alias.B is Alias.A, list(Alias))
class Planet(Enum):
    EARTH = (5.97e24, 6.37e6)
    MARS = (6.42e23, 3.39e6)
    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius
    @property
    def gravity(self):
        return 6.673e-11 * self.mass / (self.radius * self.radius)
print(round(Planet.EARTH.gravity, 2), Planet.MARS.value)
print(hash(Color.RED) == hash(Color.RED), Color.RED.__class__.__name__, {Color.RED: 'r'}[Color.RED])
print(sys.getrefcount(Color.RED) > 2)
