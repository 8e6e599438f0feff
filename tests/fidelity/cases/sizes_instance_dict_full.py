# An instance dict shares its keys with the class while they have room: 30 names, one
# less for every instance made. A name that does not fit turns the dict into an ordinary
# one, sized for three times its items.
import sys

class Wide:
    def __init__(self, n):
        for i in range(n):
            setattr(self, 'attr%d' % i, i)

for n in (1, 5, 10, 29, 30, 31, 40):
    w = Wide(n)
    print(n, sys.getsizeof(w.__dict__), len(w.__dict__))

class Grow:
    pass

g = Grow()
g.a = 1
d = g.__dict__
print(sys.getsizeof(d))
for i in range(40):
    d['k%d' % i] = i
print(sys.getsizeof(d), len(d))
h = Grow()
h.a = 2
print(sys.getsizeof(h.__dict__))
d[5] = 'int key'
print(sys.getsizeof(d))
