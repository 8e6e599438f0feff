# topic: classes - __repr__ vs __str__: print/str use __str__, containers and repr use __repr__, fallbacks
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return f'Point({self.x!r}, {self.y!r})'
class Labeled(Point):
    def __str__(self):
        return f'({self.x}, {self.y})'
p = Point(1, 'a')
q = Labeled(2, 3)
print(p, str(p), repr(p), [p], (p,), {'k': p})
print(q, str(q), repr(q), [q], f'{q}', f'{q!r}', '%s %r' % (q, q), '{} {!r}'.format(q, q))
class OnlyStr:
    def __str__(self):
        return 'only str'
o = OnlyStr()
print(o, repr(o).startswith('<__main__.OnlyStr object at 0x'), str([o]).startswith('[<__main__.OnlyStr'))
class BadRepr:
    def __repr__(self):
        return 42
try:
    repr(BadRepr())
except TypeError as e:
    print('TypeError:', e)
class Plain:
    pass
print(repr(Plain)[:20], str(Plain), Plain.__name__, Plain.__qualname__, Plain.__module__)
