# topic: cyclic gc - gc.callbacks get ('start'|'stop', info) with generation, collected, uncollectable, in list order
import gc
gc.disable()
gc.collect()
seen = []
def first(phase, info):
    seen.append(('first', phase, sorted(info.items())))
def second(phase, info):
    seen.append(('second', phase, info['collected']))
gc.callbacks.append(first)
gc.callbacks.append(second)
a = []; b = [a]; a.append(b); del a, b
print('collect(1) ->', gc.collect(1))
for s in seen:
    print(s)
seen.clear()
gc.callbacks.remove(first)
print('collect() ->', gc.collect())
print(seen)
seen.clear()
def bad(phase, info):
    raise RuntimeError('ignored')
gc.callbacks.insert(0, bad)
print('a failing callback does not stop the others:', gc.collect(), seen)
gc.callbacks.clear()
infos = []
gc.callbacks.append(lambda phase, info: infos.append(info))
gc.collect(0)
gc.callbacks.clear()
print(infos[0] is infos[1], type(infos[0]).__name__, infos[1])
