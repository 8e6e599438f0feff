# topic: weak references - WeakValueDictionary entries vanish with their values; proxies raise once dead
import weakref
class Obj:
    def __init__(self, v):
        self.v = v
cache = weakref.WeakValueDictionary()
a = Obj(1)
b = Obj(2)
cache['a'] = a
cache['b'] = b
print(sorted(cache.keys()), cache['a'].v, len(cache))
del a
print(sorted(cache.keys()), 'a' in cache, len(cache))
p = weakref.proxy(b)
print(p.v)
del b
try:
    p.v
except ReferenceError as e:
    print('ReferenceError:', e)
print(len(cache))
