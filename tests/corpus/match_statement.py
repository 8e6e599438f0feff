# topic: control flow - match statements: literals, captures, sequences, mappings, class patterns, guards
def describe(x):
    match x:
        case 0:
            return 'zero'
        case 1 | 2:
            return 'one or two'
        case int(n) if n < 0:
            return f'negative {n}'
        case [a, b]:
            return f'pair {a},{b}'
        case [first, *rest]:
            return f'starts with {first}, {len(rest)} more'
        case {'type': 'point', 'x': px}:
            return f'point x={px}'
        case str() as s:
            return 'string ' + s
        case _:
            return 'something else'
for v in [0, 2, -5, [1, 2], [1, 2, 3], {'type': 'point', 'x': 3, 'y': 4}, 'hi', 3.5, 7]:
    print(repr(v), '->', describe(v))
class Point:
    __match_args__ = ('x', 'y')
    def __init__(self, x, y):
        self.x, self.y = x, y
def where(p):
    match p:
        case Point(0, 0):
            return 'origin'
        case Point(x, 0):
            return f'on x axis at {x}'
        case Point(x=0, y=y):
            return f'on y axis at {y}'
        case Point():
            return 'elsewhere'
print(where(Point(0, 0)), where(Point(3, 0)), where(Point(0, 4)), where(Point(1, 1)))
