# topic: cyclic gc - gc.get_count()[0]: +1 per GC allocation, -1 per GC free; free-list reuse does not count; non-GC objects never count
import gc
gc.disable()
gc.collect()
class K:
    pass
def delta(f):
    a = gc.get_count()[0]
    f()
    return gc.get_count()[0] - a
store = []
gc.get_count()  # the 3-tuple free list now holds a block
print('three instances kept:', delta(lambda: store.extend([K(), K(), K()])))
print('three instances freed:', delta(store.clear))
print('a big int and a str:', delta(lambda: store.append(10 ** 30)))
store.clear()
x = 2.5
print('floats:', delta(lambda: store.append(x * 3)))
store.clear()
gc.collect()
a = gc.get_count()[0]; l = []; b = gc.get_count()[0]
print('a list after a full collect:', b - a)
del l
a = gc.get_count()[0]; l = []; b = gc.get_count()[0]
print('a list from the free list:', b - a)
a = gc.get_count()[0]; del l; b = gc.get_count()[0]
print('a list back to the free list:', b - a)
a = gc.get_count()[0]; ls = [[] for _ in range(200)]; b = gc.get_count()[0]
print('201 lists, free list has few:', b - a > 100)
a = gc.get_count()[0]; del ls; b = gc.get_count()[0]
print('freeing them: most go to the free list (80 slots):', b - a)
gc.collect(0)
print('count after collect(0):', gc.get_count())
gc.collect(1)
print('count after collect(1):', gc.get_count())
for i in range(12):
    gc.collect(0)
print('count after 12 collect(0):', gc.get_count())
