# topic: cyclic gc - on collection weakrefs to the garbage are all cleared before any callback runs, callbacks run before __del__
import gc, weakref
gc.disable()
gc.collect()
class W:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        print('  __del__', self.n, 'refs now', [r() for r in refs])
refs = []
def cb(name):
    def f(ref):
        print('  callback', name, 'sees', [r() is None for r in refs])
    return f
x = W('x'); y = W('y'); x.o = y; y.o = x
refs.append(weakref.ref(x, cb('rx')))
refs.append(weakref.ref(y, cb('ry')))
refs.append(weakref.ref(x, cb('rx2')))
plain = weakref.ref(y)
del x, y
print('collected', gc.collect())
print('plain ref cleared:', plain() is None)
refs.clear()
z = W('z'); z.me = z
inner = weakref.ref(z, cb('inner'))
z.myref = inner
del z, inner
print('weakref in the garbage itself: callback not called; collected', gc.collect())
print('refcount death for comparison:')
v = W('v')
refs.append(weakref.ref(v, cb('rv')))
del v
print('weakref.getweakrefcount on a live object:', weakref.getweakrefcount(W('t')))
