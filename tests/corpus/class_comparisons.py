# topic: classes - rich comparisons: reflected operands, default identity equality, ordering for sort
class Version:
    def __init__(self, text):
        self.parts = tuple(int(p) for p in text.split('.'))
    def __eq__(self, other):
        return self.parts == other.parts
    def __lt__(self, other):
        print('lt', self.parts, other.parts)
        return self.parts < other.parts
    def __repr__(self):
        return 'V' + '.'.join(map(str, self.parts))
v1, v2 = Version('1.2'), Version('1.10')
print(v1 < v2)
print(v2 > v1)
print(sorted([Version('2.0'), Version('1.0'), Version('1.5')]))
class Loud:
    def __eq__(self, other):
        print('Loud.__eq__ called')
        return NotImplemented
print(Loud() == Loud())
x = Loud()
print(x == x, x != 3)
class Ordered:
    def __init__(self, n):
        self.n = n
    def __gt__(self, other):
        return self.n > other.n
print(Ordered(1) < Ordered(2), Ordered(3) > Ordered(2))
try:
    Ordered(1) <= Ordered(2)
except TypeError as e:
    print('TypeError:', e)
