import sys, gc
from collections import defaultdict, deque
class D(defaultdict):
    def __missing__(self, k):
        return 'm' + str(k)
d = D(int)
print(d[3], d, type(d).__mro__)
class D2(defaultdict):
    pass
e = D2(list); e['a'].append(1); e.tag = 'x'
print(e, repr(e), sys.getsizeof(D2()), e.tag, e.default_factory, isinstance(e, dict))
class Stack(deque):
    def push(self, x): self.append(x)
    def peek(self): return self[-1]
s = Stack([1, 2, 3]); s.push(4); s.name = 'st'
print(s, s.peek(), len(s), s.name, s * 2, list(reversed(s)), bool(Stack()), sys.getsizeof(Stack()))
print(s == deque([1, 2, 3, 4]), s.pop(), s, type(s.copy()) is Stack)
class Bounded(deque):
    def __init__(self, items):
        super().__init__(items, maxlen=2)
b = Bounded([1, 2, 3]); print(b, b.maxlen)
r = gc.get_referents(s)
print(Stack in r, sys.getrefcount(D2))
del s
gc.collect()
print(sys.getrefcount(D2), len(gc.get_referrers(Stack)) > 0)
class L(deque):
    __slots__ = ('a',)
l = L(); l.a = 5; print(l.a, sys.getsizeof(l))
import itertools
class C(itertools.count):
    pass
c = C(5); print(next(c), next(c), type(c).__name__)
class DD(defaultdict):
    def __init__(self, tag):
        super().__init__(list)
        self.tag = tag
x = DD('t'); x['k'].append(1); print(x, x.tag, x.default_factory)
q = deque([1, 2]); q.__init__([3], maxlen=5); print(q)
