# topic: cyclic gc - PEP 442: __del__ runs once; a resurrected cycle is not counted, survives to the old generation, and is collected later without a second __del__
import gc
gc.disable()
gc.collect()
saved = []
class R:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        print('  __del__', self.n, 'finalized before?', gc.is_finalized(self))
        saved.append(self)
a = R('a'); b = R('b'); a.o = b; b.o = a
del a, b
print('collect ->', gc.collect(), 'saved', [x.n for x in saved])
print('is_finalized', [gc.is_finalized(x) for x in saved])
print('in generation 2:', all(any(o is x for o in gc.get_objects(2)) for x in saved))
saved.clear()
print('collect after dropping them ->', gc.collect(), saved)
c = R('c')
c.me = c
del c
print('self cycle ->', gc.collect(), len(saved))
c = saved.pop()
print('resurrected object works:', c.n, c.me is c)
del c
print('again ->', gc.collect(), saved)
class Half:
    def __del__(self):
        saved.append(self.peer)
p = Half(); q = R('q'); p.peer = q; q.peer = p
del p, q
print('one finalizer resurrects the other ->', gc.collect(), [type(x).__name__ for x in saved])
saved.clear()
print('finally ->', gc.collect())
