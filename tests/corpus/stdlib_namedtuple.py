# topic: collections.namedtuple - a tuple subclass made at run time, fields read by _tuplegetter
import sys
from collections import namedtuple

Point = namedtuple('Point', ['x', 'y'])
p = Point(3, 4)
print(p, p.x, p[1], len(p), p == (3, 4))
print(isinstance(p, tuple), Point.__mro__)
print(type(Point.x).__name__, Point.x.__doc__, Point.x)
print(Point._fields, Point.__doc__, Point.__module__)
print(sys.getsizeof(p) == sys.getsizeof((3, 4)), sys.getsizeof(p))
x, y = p
print(x + y, p._asdict(), p._replace(x=10), Point._make([5, 6]))
try:
    p.x = 5
except AttributeError as e:
    print('AttributeError:', e)
try:
    del p.y
except AttributeError as e:
    print('AttributeError:', e)
try:
    p.z = 1
except AttributeError as e:
    print('AttributeError:', e)
Emp = namedtuple('Emp', 'name age dept', defaults=['eng'])
e = Emp('bob', 30)
print(e, Emp._field_defaults, Emp.__new__.__defaults__)
try:
    Emp('x')
except TypeError as err:
    print('TypeError:', err)
R = namedtuple('R', 'a, def, a', rename=True)
print(R._fields)
try:
    namedtuple('Bad', ['_x'])
except ValueError as err:
    print('ValueError:', err)
big = 1000
q = Point(big, [1, 2])
print(sys.getrefcount(q.y), q.y is q[1])
class Vec(namedtuple('Vec', 'x y')):
    __slots__ = ()
    def __abs__(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
print(abs(Vec(3, 4)), Vec(1, 2), Vec.__bases__[0].__name__)
print(Point.x.__get__(p), Point.x.__get__(None, Point) is Point.x)
