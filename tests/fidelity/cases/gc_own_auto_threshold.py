# topic: cyclic gc - the 701st net container allocation runs a generation-0 collection inside that allocation, which frees pending cycles
import gc
gc.collect()
log = []

def cb(phase, info):
    if phase == 'stop':
        log.append((info['generation'], info['collected'], gc.get_count()))

class Node:
    pass

gc.get_count(); start = gc.get_count()[0]
for i in range(5):
    n = Node()
    n.me = n
del n
print('pending cycles, count +', gc.get_count()[0] - start)
gc.callbacks.append(cb)
keep = []
gc.get_count(); before = gc.get_count()[0]
while not log:
    keep.append(Node())
after = gc.get_count()
gc.callbacks.remove(cb)
print('collection ran when count reached', before + len(keep))
print('stop info: generation, collected, count =', log[0])
print('count right after the loop', after)
keep.clear()
print('after freeing them', gc.get_count())
