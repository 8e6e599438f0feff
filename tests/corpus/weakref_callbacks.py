# topic: weak references - weakref.ref does not keep objects alive; callbacks run when the referent dies
import weakref
import gc
class Thing:
    def __init__(self, name):
        self.name = name
    def __repr__(self):
        return f'Thing({self.name!r})'
t = Thing('a')
r = weakref.ref(t)
print(r() is t, r(), weakref.getweakrefcount(t))
del t
print(r(), r() is None)
def callback(ref):
    print('callback called, referent gone:', ref() is None)
u = Thing('b')
r2 = weakref.ref(u, callback)
print('before del')
del u
print('after del')
class WithDel(Thing):
    def __del__(self):
        print('__del__ of', self.name)
w = WithDel('c')
rw = weakref.ref(w, lambda ref: print('callback for c'))
del w
try:
    weakref.ref(5)
except TypeError as e:
    print('TypeError:', e)
try:
    weakref.ref([])
except TypeError as e:
    print('TypeError:', e)
gc.collect()
gc.disable()
c1, c2 = Thing('c1'), Thing('c2')
c1.o, c2.o = c2, c1
wc = weakref.ref(c1, lambda ref: print('cycle member callback'))
del c1, c2
print('collected', gc.collect())
gc.enable()
