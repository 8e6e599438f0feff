# topic: weakref proxies - one callback-less proxy per object, recorded after the basic ref and reused; CallableProxyType for callables; every operation forwarded; isinstance through __class__; ReferenceError once dead
import sys
import weakref

class Box:
    def __init__(self, items):
        self.items = items
    def __len__(self):
        return len(self.items)
    def __getitem__(self, i):
        return self.items[i]
    def __add__(self, other):
        return Box(self.items + [other])
    def total(self):
        return sum(self.items)

b = Box([1, 2, 3])
p = weakref.proxy(b)
print(type(p), type(p).__name__, weakref.ProxyType.__module__)
print(weakref.proxy(b) is p, weakref.getweakrefcount(b))
r = weakref.ref(b)
print([type(w).__name__ for w in weakref.getweakrefs(b)])
p2 = weakref.proxy(b, lambda x: print('proxy callback', type(x).__name__))
r2 = weakref.ref(b, lambda x: print('ref callback'))
print([type(w).__name__ for w in weakref.getweakrefs(b)], weakref.getweakrefcount(b))
print(p.total(), len(p), p[0], list(p), 2 in p, bool(p))
print((p + 4).items, p == b, b == p, p != b, p is b)
print(isinstance(p, Box), p.__class__ is Box, type(p) is Box)
p.extra = 'set through the proxy'
print(b.extra, hasattr(p, 'missing'))
print(sys.getrefcount(b))
try:
    hash(p)
except TypeError as e:
    print('TypeError:', e)
print(repr(p).startswith('<weakproxy at 0x'), ' to Box at ' in repr(p), str(p).startswith('<__main__.Box object'))

def greet(name):
    return 'hello ' + name
cp = weakref.proxy(greet)
print(type(cp).__name__, cp('proxy'), callable(cp), callable(p))
del b
print('after del')
for expr in ('p.items', 'len(p)', 'p[0]', 'p + 1', 'str(p)'):
    try:
        eval(expr)
    except ReferenceError as e:
        print(expr, '->', type(e).__name__, e)
print(r(), r2())
