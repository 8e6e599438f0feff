# topic: cyclic gc - DEBUG_SAVEALL keeps every unreachable object (dicts, owned lists) in gc.garbage with its references intact
import gc
gc.disable()
gc.collect()
gc.set_debug(gc.DEBUG_SAVEALL)
print('debug', gc.get_debug())
class N:
    pass
n = N()
n.me = n
n.data = [1, 2]
n.__dict__
del n
print('collected', gc.collect())
print(sorted(type(o).__name__ for o in gc.garbage))
inst = [o for o in gc.garbage if type(o) is N][0]
print('saved instance intact', inst.me is inst, inst.data)
del inst
d = {}
d['d'] = d
del d
print('collected', gc.collect(), len(gc.garbage))
print('saved again by a second collect?', gc.collect(), len(gc.garbage))
gc.set_debug(0)
gc.garbage.clear()
print('freed after clearing', gc.collect(), gc.garbage)
gc.set_debug(gc.DEBUG_SAVEALL)
acyclic = [1]
del acyclic
print('acyclic garbage is not saved', gc.collect(), gc.garbage)
gc.set_debug(0)
