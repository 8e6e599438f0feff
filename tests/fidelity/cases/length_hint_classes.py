# topic: PyObject_LengthHint - list(), tuple(), extend and [*x] ask a class's __len__ (then __length_hint__) once before iterating; the __getitem__ iterator and reversed() ask the sequence's __len__; a weakref proxy's truth is its referent's
import sys
import weakref

class Seq:
    def __init__(self, n):
        self.n = n
    def __len__(self):
        print('  __len__')
        return self.n
    def __getitem__(self, i):
        if i < self.n:
            return i
        raise IndexError

s = Seq(3)
print(list(s))
print(tuple(s))
print([*s])
x = [0]
x.extend(s)
print(x)
r = reversed(s)
print(r.__length_hint__(), next(r), list(r))
it = iter(s)
print(it.__length_hint__(), next(it), list(it))

class Hinted:
    def __iter__(self):
        return iter(range(40))
    def __length_hint__(self):
        print('  __length_hint__')
        return 40

print(sys.getsizeof(list(Hinted())), sys.getsizeof(list(iter(range(40)))), sys.getsizeof([*Hinted()]))

class Liar:
    def __iter__(self):
        return iter('ab')
    def __len__(self):
        return 'two'
    def __length_hint__(self):
        return NotImplemented

print(list(Liar()), sys.getsizeof(list(Liar())))

class Negative:
    def __iter__(self):
        return iter('ab')
    def __length_hint__(self):
        return -1

try:
    list(Negative())
except ValueError as e:
    print('ValueError:', e)

class Bad:
    def __iter__(self):
        return iter('ab')
    def __length_hint__(self):
        return 'x'

try:
    tuple(Bad())
except TypeError as e:
    print('TypeError:', e)

p = weakref.proxy(s)
print(bool(p), list(p))
empty = Seq(0)
print(bool(weakref.proxy(empty)))
