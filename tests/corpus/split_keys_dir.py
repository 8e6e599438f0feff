# topic: instance dicts - split tables share their class's keys (PEP 412), dir() fills the shared keys, a class holds its name, __build_class__ holds the metaclass
import sys
class P:
    def __init__(self, v):
        self.alpha = v
        self.beta = v
    def meth(self):
        pass
a = P(1)
name = [k for k in vars(a)][0]
n0 = sys.getrefcount(name)
b = P(2)
d = vars(b)
print('a second dict adds', sys.getrefcount(name) - n0, 'references to its names')
del n0
d['gamma'] = 3
print(sys.getsizeof(vars(P(3))), sys.getsizeof(d))
names = dir(P(4))
print(len(names), sys.getsizeof(vars(P(5))), sys.getsizeof(vars(P(6))))
e = vars(P(7))
for i in range(30):
    e['k%d' % i] = i
print(sys.getsizeof(e), len(e))
print(d.popitem(), sys.getsizeof(d))
d.clear()
print(sys.getsizeof(d), vars(a))
del d
c = P(8)
del P
print(sorted(vars(c)), c.alpha)

class Q:
    pass
q = Q.__name__
print(q is Q.__name__, q is Q.__qualname__)
Q.__name__ = 'R'
print(Q.__name__, q, Q.__qualname__)

class M(type):
    pass
class A(metaclass=M):
    inside = sys.getrefcount(M)
print('__build_class__ holds the metaclass:', A.inside - sys.getrefcount(M))

t = ('x', 'y')
class O:
    def __call__(self, *args):
        return sys.getrefcount(t)
print('tp_call borrows the caller\'s tuple:', O()(*t) - sys.getrefcount(t))
