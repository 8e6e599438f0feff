# topic: classes - __slots__: fixed attributes, no __dict__, AttributeError for others, slot descriptors
class P:
    __slots__ = ('x', 'y')
    def __init__(self, x, y):
        self.x = x
        self.y = y
p = P(1, 2)
print(p.x, p.y, hasattr(p, '__dict__'), P.__slots__, type(P.x).__name__)
try:
    p.z = 3
except AttributeError as e:
    print('AttributeError:', e)
del p.y
try:
    p.y
except AttributeError as e:
    print('AttributeError:', e)
p.y = 5
print(p.y)
class Q(P):
    pass
q = Q(1, 2)
q.z = 3
print(q.z, hasattr(q, '__dict__'), vars(q))
class R(P):
    __slots__ = ('w',)
r = R(1, 2)
r.w = 0
print(r.w, r.x)
try:
    vars(p)
except TypeError as e:
    print('TypeError:', e)
class S:
    __slots__ = 'single'
s = S()
try:
    s.single
except AttributeError as e:
    print('AttributeError:', e)
