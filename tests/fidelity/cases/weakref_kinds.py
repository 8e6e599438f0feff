# topic: weakref - which objects take weak references (functions, classes, sets, frozensets, modules, bound methods, code, generators, builtins) and which refuse (lists, dicts, ints, str, tuples, builtin exceptions, instances without a __weakref__ slot); __weakrefoffset__
import sys
import weakref

class Plain:
    def method(self):
        return 1

class Slotted:
    __slots__ = ('a',)

class SlottedWeak:
    __slots__ = ('a', '__weakref__')

class MyError(Exception):
    pass

def gen():
    yield 1

candidates = [
    ('function', gen), ('class', Plain), ('set', {1, 2}), ('frozenset', frozenset([1])),
    ('module', sys), ('bound method', Plain().method), ('code', gen.__code__),
    ('generator', gen()), ('builtin', len), ('instance', Plain()), ('slots+weakref', SlottedWeak()),
    ('exception subclass', MyError()),
    ('list', [1]), ('dict', {}), ('int', 10**20), ('str', 'text'), ('tuple', (1, 2)),
    ('builtin exception', ValueError()), ('slots', Slotted()), ('object', object()),
]
for label, obj in candidates:
    try:
        w = weakref.ref(obj)
        print(label, 'ok', w() is obj)
    except TypeError as e:
        print(label, 'TypeError:', e)

m = Plain().method
wm = weakref.ref(m)
print(wm() is m)
del m
print(wm())
print(weakref.ref(Plain().method)())

print(Plain.__weakrefoffset__ > 0, Slotted.__weakrefoffset__, SlottedWeak.__weakrefoffset__ > 0)
print(weakref.getweakrefcount([]), weakref.getweakrefs(42))
try:
    class Twice(SlottedWeak):
        __slots__ = ('__weakref__',)
except TypeError as e:
    print('TypeError:', e)
try:
    class Twice2(Plain):
        __slots__ = ('__weakref__',)
except TypeError as e:
    print('TypeError:', e)
class Ok(Slotted):
    __slots__ = ('__weakref__',)
print(weakref.ref(Ok())() is None)
