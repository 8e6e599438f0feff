# topic: weakref.WeakMethod - a weak reference to a bound method's object and function; calling it makes a new bound method; the callback runs once, with the WeakMethod, when either dies
import weakref

class Button:
    def __init__(self, name):
        self.name = name
    def click(self):
        return self.name + ' clicked'

b = Button('ok')
wm = weakref.WeakMethod(b.click, lambda w: print('callback got', type(w).__name__, w() is None))
print(type(wm).__name__, isinstance(wm, weakref.ref), weakref.WeakMethod.__mro__)
m = wm()
print(m(), m == b.click, m is wm())
del m
wm2 = weakref.WeakMethod(b.click)
print(wm == wm2, wm != wm2, hash(wm) == hash(wm2))
print(weakref.getweakrefcount(b))
del b
print('deleted', wm(), wm2(), wm == wm2)
try:
    weakref.WeakMethod(print)
except TypeError as e:
    print('TypeError:', e)

def plain():
    pass
class Holder:
    pass
h = Holder()
h.f = plain
try:
    weakref.WeakMethod(h.f)
except TypeError as e:
    print('TypeError:', e)
