# topic: PyObject_LengthHint looks __length_hint__ up as a bound method (holding the object while it runs), a class's and a builtin iterator's alike
import sys


class Seq:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        if 'r' in globals():
            print('  __len__ sees the reversed iterator', sys.getrefcount(r))
        return self.n

    def __getitem__(self, i):
        if i < self.n:
            return i
        raise IndexError


s = Seq(3)
r = reversed(s)
print(list(r))


class Hinted:
    def __iter__(self):
        return iter([1, 2])

    def __length_hint__(self):
        # the bound method holds self, besides the caller's argument and this frame
        print('  __length_hint__', sys.getrefcount(self))
        return 2


h = Hinted()
print(list(h), tuple(h), [*h])
x = [0]
x.extend(h)
print(x)


class NoHint:
    def __iter__(self):
        return iter('ab')

    def __length_hint__(self):
        return NotImplemented


print(list(NoHint()))
