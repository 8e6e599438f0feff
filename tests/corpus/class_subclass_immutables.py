# topic: classes - subclassing str, int, float and tuple: __new__, results of operations, sizes
import sys

class Name(str):
    def __new__(cls, value):
        return super().__new__(cls, value.strip().title())
    def greet(self):
        return 'Hello, ' + self
n = Name('  ada lovelace ')
print(n, repr(n), n.greet(), type(n.upper()).__name__, type(n + '!').__name__, n == 'Ada Lovelace')
print(type(str(n)).__name__, str(n) is n, n[0], type(n[:]).__name__, hash(n) == hash('Ada Lovelace'))
print(f'{n:>15}|', '%s' % n, len(n), n.split(), '-'.join([n, n]))

class Celsius(float):
    def __repr__(self):
        return f'{float(self)}°C'
    def __add__(self, other):
        return Celsius(float(self) + other)
t = Celsius(21.5)
print(t, t + 1, type(t + 1).__name__, 1 + t, type(1 + t).__name__, t * 2, round(t), -t, type(-t).__name__)

class Even(int):
    def __new__(cls, n):
        if n % 2:
            raise ValueError(f'{n} is odd')
        return super().__new__(cls, n)
e = Even(4)
print(e, e + 1, type(e + 1).__name__, e // 2, abs(Even(-2)), type(abs(Even(-2))).__name__, +e, type(+e).__name__)
try:
    Even(3)
except ValueError as err:
    print('ValueError:', err)
print(isinstance(e, int), e == 4, hash(e) == hash(4), {e: 'x'}[4], [10, 20, 30, 40, 50][e], bin(e), e.bit_length())
e.note = 'even'
print(e.note, e.__dict__, sys.getsizeof(e), Even.__basicsize__, Even.__itemsize__)

class Point(tuple):
    def __new__(cls, x, y):
        return super().__new__(cls, (x, y))
    @property
    def x(self):
        return self[0]
    @property
    def y(self):
        return self[1]
    def __repr__(self):
        return f'Point(x={self.x}, y={self.y})'
p = Point(3, 4)
print(p, p.x, p.y, len(p), p + (5,), type(p + (5,)).__name__, p[::-1], list(p), p == (3, 4), hash(p) == hash((3, 4)))
a, b = p
print(a, b, sys.getsizeof(p), Point.__basicsize__, tuple(p) is p, type(tuple(p)).__name__)
try:
    p.z = 1
    print(p.z)
except AttributeError as err:
    print('AttributeError:', err)

class Flag(int):
    pass
print(bool(Flag(0)), bool(Flag(2)), Flag(7) & 3, Flag(7) > 6, sorted([Flag(3), 1, Flag(2)]), max(Flag(1), Flag(5)))

class Bag(frozenset):
    pass
print(Bag([1, 2]) | {3}, type(Bag([1])), Bag([1, 2]) == {1, 2}, hash(Bag([1])) == hash(frozenset([1])), repr(Bag()))
class Blob(bytes):
    pass
b = Blob(b'hi')
print(b, b + b'!', type(b + b'!').__name__, b.upper(), b[0], sys.getsizeof(b), len(b))
