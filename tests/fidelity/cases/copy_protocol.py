# topic: copy protocol - __reduce_ex__(4) for plain instances (copyreg.__newobj__, the instance __dict__ as state), __slots__ values copied, __getstate__/__setstate__, __copy__/__deepcopy__ with the memo, and what copying leaves behind (__slotnames__, materialised __dict__)
import copy
import sys

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

p = Point([1], 'b')
rv = p.__reduce_ex__(4)
print(rv[0].__name__, rv[0].__module__, rv[1] == (Point,), rv[2], rv[3], rv[4])
print(rv[2] is p.__dict__, '__slotnames__' in Point.__dict__, Point.__slotnames__)
q = copy.copy(p)
print(q.x is p.x, q.__dict__ == p.__dict__, type(q) is Point)
r = copy.deepcopy(p)
print(r.x is p.x, r.x == p.x, r.y is p.y)

class Slotted:
    __slots__ = ('a', 'b', '__weakref__')
    def __init__(self):
        self.a = [1, 2]

s = Slotted()
print(s.__reduce_ex__(4)[2], Slotted.__slotnames__)
s2 = copy.copy(s)
print(s2.a is s.a, hasattr(s2, 'b'))
s3 = copy.deepcopy(s)
print(s3.a == s.a, s3.a is s.a)

class Both:
    __slots__ = ('tag', '__dict__')
both = Both()
both.tag = 'T'
both.extra = 'E'
print(both.__reduce_ex__(4)[2])
print(copy.copy(both).tag, copy.copy(both).extra)

class Account:
    def __init__(self, owner):
        self.owner = owner
        self.cache = {'expensive': True}
    def __getstate__(self):
        print('  __getstate__')
        state = self.__dict__.copy()
        del state['cache']
        return state
    def __setstate__(self, state):
        print('  __setstate__', sorted(state))
        self.__dict__.update(state)
        self.cache = {}

a = Account('ann')
b = copy.copy(a)
print(b.owner, b.cache)
c = copy.deepcopy(a)
print(c.owner, c.cache, c.owner is a.owner)

class Tree:
    def __init__(self, children):
        self.children = children
    def __copy__(self):
        print('  __copy__')
        return Tree(self.children)
    def __deepcopy__(self, memo):
        print('  __deepcopy__ memo has', len(memo), 'entries')
        new = Tree([])
        memo[id(self)] = new
        new.children = copy.deepcopy(self.children, memo)
        return new

leaf = [0]
t = Tree([leaf, leaf])
t2 = copy.copy(t)
print(t2.children is t.children)
t3 = copy.deepcopy(t)
print(t3.children[0] is t3.children[1], t3.children[0] is leaf)
memo = {}
t4 = copy.deepcopy(t, memo)
print(memo[id(t)] is t4, memo[id(leaf)] is t4.children[0], len(memo[id(memo)]))
print(sys.getrefcount(leaf))
