# A weak reference callback that lets another object die, whose weak reference has the same
# callback: the deaths nest through Python code, and past 50 levels CPython's trashcan puts
# the next one off until the outer ones are done, so the chain loops instead of recursing
# (issue 9, item 4). Bounded here; unbounded, it runs forever as python3 does.
import sys, weakref, gc
sys.setrecursionlimit(80)
class O:
    pass
keep = []
n = 0
def cb(r):
    global n
    n += 1
    if n < 400:
        keep.append(weakref.ref(O(), cb))
o = O()
r = weakref.ref(o, cb)
del o
print(n, len(keep), all(k() is None for k in keep))
# a collection started by a callback while an object dies does not take that object
class D:
    pass
def collect(r):
    print('collected in callback:', gc.collect() >= 0)
d = D()
w = weakref.ref(d, collect)
del d
print(w() is None)
