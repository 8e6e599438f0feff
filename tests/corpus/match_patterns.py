# topic: match - class patterns with __match_args__ and keywords, sequences with star, mappings with **rest, or-patterns, guards, self-matching builtins
class Point:
    __match_args__ = ('x', 'y')
    def __init__(self, x, y):
        self.x, self.y = x, y
def where(p):
    match p:
        case Point(0, 0):
            return 'origin'
        case Point(x=0, y=yy):
            return f'y axis {yy}'
        case Point(xx, 0):
            return f'x axis {xx}'
        case Point():
            return 'elsewhere'
        case [1, *rest] if len(rest) > 1:
            return f'list {rest}'
        case (a, b) | [a, b, _]:
            return f'pair-ish {a} {b}'
        case {'k': v, **others}:
            return f'map {v} {others}'
        case int(n) | float(n) if n > 100:
            return f'big {n}'
        case str() as s:
            return f'str {s!r}'
        case None:
            return 'none'
        case _:
            return 'other'
for s in [Point(0, 0), Point(0, 5), Point(3, 0), Point(1, 1), [1, 2, 3], [1, 2], (4, 5), [6, 7, 8], {'k': 1, 'z': 2}, 500, 2.5e3, 'hi', None, 7, range(2)]:
    print(where(s))
try:
    match 5:
        case Point(1, 2, 3):
            pass
except TypeError as e:
    print('TypeError:', e)
match {'a': 1}:
    case {'b': 1}:
        print('no')
    case _:
        print('fallthrough')
import sys
x = [1, 2]
match x:
    case [first, *_]:
        print(first, sys.getrefcount(x))
