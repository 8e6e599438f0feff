# topic: subclassing weakref.ref - a class over ref gets its own instances (never the shared basic ref), its slots and dict after PyWeakReference's 64 bytes; ref.__new__, super().__call__(), ref.__eq__ and ref.__hash__ as CPython's WeakMethod uses them
import weakref, sys, gc
class A: pass
a = A()
class R(weakref.ref): pass
r = R(a, None); print(type(r), r() is a, r.__callback__)
try: R(a, x=1)
except Exception as e: print(type(e).__name__, e)
try: R()
except Exception as e: print(type(e).__name__, e)
print(sys.getsizeof(r), R.__basicsize__, weakref.ref.__basicsize__, R.__dictoffset__)
r.x = 5; print(r.x, sys.getsizeof(r), gc.is_tracked(r))
print(len(weakref.getweakrefs(a)), R(a) is R(a), weakref.ref(a) is weakref.ref(a), weakref.getweakrefcount(a))
class K(weakref.ref):
    __slots__ = ('key',)
    def __new__(type, ob, callback, key):
        self = weakref.ref.__new__(type, ob, callback)
        self.key = key
        return self
    def __init__(self, ob, callback, key):
        super().__init__(ob, callback)
k = K(a, lambda w: print('cb', type(w).__name__, w.key), 'kk')
print(k.key, sys.getsizeof(k), k() is a, sys.getrefcount(k))
print(hash(k) == hash(a), k == weakref.ref(a), k != r)
del a
gc.collect()
print(r(), k(), k.key)
class WeakMethod(weakref.ref):
    __slots__ = "_func_ref", "_meth_type", "_alive", "__weakref__"

    def __new__(cls, meth, callback=None):
        try:
            obj = meth.__self__
            func = meth.__func__
        except AttributeError:
            raise TypeError("argument should be a bound method, not {}"
                            .format(type(meth))) from None
        def _cb(arg):
            self = self_wr()
            if self._alive:
                self._alive = False
                if callback is not None:
                    callback(self)
        self = weakref.ref.__new__(cls, obj, _cb)
        self._func_ref = weakref.ref(func, _cb)
        self._meth_type = type(meth)
        self._alive = True
        self_wr = weakref.ref(self)
        return self

    def __call__(self):
        obj = super().__call__()
        func = self._func_ref()
        if obj is None or func is None:
            return None
        return self._meth_type(func, obj)

    def __eq__(self, other):
        if isinstance(other, WeakMethod):
            if not self._alive or not other._alive:
                return self is other
            return weakref.ref.__eq__(self, other) and self._func_ref == other._func_ref
        return NotImplemented

    def __ne__(self, other):
        if isinstance(other, WeakMethod):
            if not self._alive or not other._alive:
                return self is not other
            return weakref.ref.__ne__(self, other) or self._func_ref != other._func_ref
        return NotImplemented

    __hash__ = weakref.ref.__hash__

class Button:
    def __init__(self, name):
        self.name = name
    def click(self):
        return self.name + ' clicked'

b = Button('ok')
wm = WeakMethod(b.click, lambda w: print('callback got', type(w).__name__, w() is None))
print(type(wm).__name__, sys.getsizeof(wm), sys.getrefcount(wm), list(WeakMethod.__dict__)[-4:])
m = wm()
print(m(), m == b.click, m is wm())
del m
wm2 = WeakMethod(b.click)
print(wm == wm2, wm != wm2, hash(wm) == hash(wm2), weakref.getweakrefcount(b))
del b
print('deleted', wm(), wm2(), wm == wm2)
def plain():
    pass
try:
    WeakMethod(plain)
except TypeError as e:
    print('TypeError:', e, sys.getrefcount(plain), type(e.__context__).__name__, e.__suppress_context__)
print(sys.getrefcount(plain))
