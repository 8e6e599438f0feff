# topic: sizes - __basicsize__, __itemsize__, __dictoffset__, __weakrefoffset__ of classes with and without __slots__, exception subclasses; getsizeof of their instances (GC header, managed-dict pre-header)
import sys

def layout(t):
    return (t.__basicsize__, t.__itemsize__, t.__dictoffset__, t.__weakrefoffset__)

class Plain: pass
class Child(Plain): pass
class SlotsDict: __slots__ = ('a', '__dict__')
class SlotsWeak: __slots__ = ('a', '__weakref__')
class Both: __slots__ = ('__dict__', '__weakref__')
class Two: __slots__ = ('a', 'b')
class TwoChild(Two): pass
class TwoMore(Two): __slots__ = ('c',)
class PlainSlots(Plain): __slots__ = ('x',)
class TwoDict(Two): __slots__ = ('__dict__',)
class Deep(SlotsWeak): __slots__ = ('q', '__dict__')
class Err(Exception): pass
class ErrChild(Err): pass
class ErrSlots(Exception): __slots__ = ('a',)
class Empty: __slots__ = ()
class EmptyChild(Empty): pass
for t in (Plain, Child, SlotsDict, SlotsWeak, Both, Two, TwoChild, TwoMore, PlainSlots, TwoDict,
          Deep, Err, ErrChild, ErrSlots, Empty, EmptyChild):
    obj = t()
    print(t.__name__, layout(t), sys.getsizeof(obj), hasattr(obj, '__dict__'))
p = PlainSlots()
p.x = 1
p.y = 2
print(p.x, p.y, PlainSlots.__dict__.get('__dict__'))
for t in (object, int, bool, float, complex, str, bytes, bytearray, tuple, list, dict, set,
          frozenset, range, slice, type, BaseException, ValueError, staticmethod, property):
    print(t.__name__, layout(t))
