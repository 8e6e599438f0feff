# topic: cyclic gc - collect(0) promotes survivors to generation 1, collect(1) to 2; gc.get_objects(gen) shows where an object lives
import gc
gc.disable()
gc.collect()
def where(o):
    return [g for g in range(3) if any(x is o for x in gc.get_objects(g))]
a = [1]
print('new list', where(a))
gc.collect(0)
print('count after collect(0)', gc.get_count())
print('after collect(0)', where(a))
b = [2]
print('new list b', where(b), ' a', where(a))
gc.collect(1)
gc.get_count()
print('after collect(1): count', gc.get_count(), 'a', where(a), ' b', where(b))
c = [3]
gc.collect(0)
print('after collect(0): a', where(a), ' b', where(b), ' c', where(c))
gc.collect()
print('after collect(): a', where(a), ' b', where(b), ' c', where(c))
x = []; x.append(x)
gc.collect(0)
print('cycle survives collect(0) while named:', where(x))
del x
print('collect(0) does not see generation-1 garbage:', gc.collect(0))
print('collect(1) does:', gc.collect(1))
try:
    gc.get_objects(3)
except ValueError as e:
    print('ValueError:', e)
print(len(gc.get_objects(0)) <= 3)
