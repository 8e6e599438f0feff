# topic: classes - operator overloading: __add__/__radd__/__mul__/__neg__/__abs__/__lt__, NotImplemented fallbacks
class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, other):
        if isinstance(other, Vec):
            return Vec(self.x + other.x, self.y + other.y)
        return NotImplemented
    def __radd__(self, other):
        if other == 0:
            return self
        return NotImplemented
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    __rmul__ = __mul__
    def __neg__(self):
        return Vec(-self.x, -self.y)
    def __abs__(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
    def __eq__(self, other):
        return isinstance(other, Vec) and (self.x, self.y) == (other.x, other.y)
    def __lt__(self, other):
        return abs(self) < abs(other)
    def __repr__(self):
        return f'Vec({self.x}, {self.y})'
a, b = Vec(1, 2), Vec(3, 4)
print(a + b, a * 3, 3 * a, -a, abs(b), a == Vec(1, 2), a != b, a < b, a > b, sum([a, b]))
print(sorted([b, a]), max(a, b), min([b, a]))
try:
    a + 1
except TypeError as e:
    print('TypeError:', e)
try:
    a <= b
except TypeError as e:
    print('TypeError:', e)
try:
    a - b
except TypeError as e:
    print('TypeError:', e)
c = a
c += b
print(c, a, c is a)
class Acc:
    def __init__(self):
        self.items = []
    def __iadd__(self, x):
        self.items.append(x)
        return self
acc = Acc()
alias = acc
acc += 5
print(acc is alias, acc.items)
