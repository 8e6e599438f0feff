# topic: cyclic gc - gc.collect() returns the number of unreachable objects it found in reference cycles
import gc
gc.collect()
gc.disable()
a = []
a.append(a)
del a
print('self-referencing list:', gc.collect())
x, y = {}, {}
x['y'] = y
y['x'] = x
del x, y
print('two dicts:', gc.collect())
class Node:
    pass
n1, n2 = Node(), Node()
n1.other = n2
n2.other = n1
del n1, n2
print('two instances:', gc.collect())
ring = [Node() for _ in range(5)]
for i, node in enumerate(ring):
    node.next = ring[(i + 1) % 5]
del ring, node
print('ring of five:', gc.collect())
print('nothing left:', gc.collect())
lst = [1, 2, 3]
del lst
print('no cycle:', gc.collect())
gc.enable()
