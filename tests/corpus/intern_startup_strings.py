# The compiler interns names and identifier-like constants, and start-up has interned
# thousands already: 'data' here is the string 3.11's start-up made (statically allocated,
# counted from 999,999,999), 'left' an ordinary heap string start-up keeps alive, and
# 'zebra_7' a string this snippet's compiler made. Start-up's own figures move by a
# reference or two between runs of CPython (the type attribute cache), so the lesson looks
# at what changes, and at the scale.
import sys

STATIC = 999_999_999
d = 'data'
l = 'left'
z = 'zebra_7'
print(sys.getrefcount(d) > STATIC, sys.getrefcount(l) > STATIC, sys.getrefcount(z))
print(d is 'da' 'ta', d is ''.join(['da', 'ta']), d is sys.intern(''.join(['da', 'ta'])))
before = sys.getrefcount(d)
names = [d, d, d]
print(sys.getrefcount(d) - before)
del names
print(sys.getrefcount(d) - before)
before = sys.getrefcount(l)
pair = (l, l)
print(sys.getrefcount(l) - before, len(pair))
made = ''.join(['zebra', '_7'])
print(made == z, made is z, sys.intern(made) is z, sys.getrefcount(made))


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


p = Point(1, 2)
keys = list(vars(p))
print(keys, keys[0] is 'x', sys.getrefcount(keys[0]) > STATIC)
