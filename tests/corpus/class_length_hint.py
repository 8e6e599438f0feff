# topic: classes - PyObject_LengthHint: list(), list.extend, +=, sorted, tuple() and reversed() ask __len__ / __length_hint__, and the list's capacity follows the hint
class D:
    def __init__(self): self.c = [1, 2, 3]
    def __len__(self):
        print('len'); return len(self.c)
    def __iter__(self):
        print('iter'); return iter(self.c)
    def __getitem__(self, i):
        return self.c[i]
d = D()
print('list'); l = list(d)
print('tuple'); t = tuple(d)
print('extend'); l.extend(d)
print('iadd'); l += d
print('rev'); r = list(reversed(d))
print('sorted'); s = sorted(d)
class G:
    def __getitem__(self, i):
        if i < 3: return i
        raise IndexError
    def __len__(self):
        print('glen'); return 3
print('giter'); g = list(iter(G()))
class H:
    def __iter__(self): return iter([1])
    def __length_hint__(self):
        print('hint'); return 5
print('h'); h = list(H()); print(h, tuple(H()))
class Bad:
    def __iter__(self): return iter([1])
    def __len__(self): raise ValueError('no')
try:
    list(Bad())
except ValueError as e:
    print('VE', e)
class Bad2:
    def __iter__(self): return iter([1])
    def __len__(self): raise TypeError('no')
print(list(Bad2()))
class Bad3:
    def __iter__(self): return iter([1])
    def __length_hint__(self): return 'x'
try:
    list(Bad3())
except TypeError as e:
    print('TE', e)
class Bad4:
    def __iter__(self): return iter([1])
    def __length_hint__(self): return -1
try:
    list(Bad4())
except ValueError as e:
    print('VE', e)
class NI:
    def __iter__(self): return iter([1, 2])
    def __length_hint__(self): return NotImplemented
print(list(NI()), [x for x in NI()], set(d), dict.fromkeys(d), ''.join(map(str, d)))
import sys
print(sys.getsizeof(list(H())), sys.getsizeof(list(d)), sys.getsizeof(list(iter(G()))))
