# 200k two-object cycles made with the collector disabled, then collected at once.
import gc
gc.disable()

class Node:
    pass

for i in range(200000):
    a = Node()
    b = Node()
    a.other = b
    b.other = a
del a, b
print(gc.collect())
