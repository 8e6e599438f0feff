# topic: cyclic gc - 3.11 untracking: tuples untracked by any collection of their generation, dicts only by full ones, and tracked again on insert
import gc
gc.disable()
x = 7
t = (x, 'a', None)
d = {'k': x}
e = {}
e['l'] = [1]
print('fresh tuple', gc.is_tracked(t), ' dict of atomics', gc.is_tracked(d), ' dict with list', gc.is_tracked(e))
gc.collect(0)
print('after collect(0): tuple', gc.is_tracked(t))
del e['l']
gc.collect(1)
print('emptied dict after collect(1)', gc.is_tracked(e))
gc.collect(2)
print('emptied dict after collect(2)', gc.is_tracked(e))
e['t'] = (x,)
print('dict after inserting a fresh tuple', gc.is_tracked(e))
e['u'] = t
print('dict after inserting an untracked tuple only', gc.is_tracked(e))
f = {}
f['u'] = t
print('new dict with an untracked tuple', gc.is_tracked(f))
holder = ([x],)
gc.collect()
print('tuple holding a list stays tracked', gc.is_tracked(holder))
holder[0].clear()
gc.collect()
print('still tracked (it holds a list)', gc.is_tracked(holder))
deep = ((x, (x, (x, 1))),)
for i in range(4):
    gc.collect()
    print('collect', i + 1, [gc.is_tracked(deep), gc.is_tracked(deep[0]), gc.is_tracked(deep[0][1]), gc.is_tracked(deep[0][1][1])])
class A:
    pass
print('tuple with an instance', gc.is_tracked((A(),)), ' dict keyed by a tuple', gc.is_tracked({(1, 2): 0}))
