# topic: imports - modules CPython's start-up already loaded allocate nothing when imported
import gc
gc.collect()
before = gc.get_count()
a = []
addr = id(a)
del a
import itertools, functools, operator, bisect, time
b = []
print(id(b) == addr, gc.get_count()[0] - before[0])
import sys
print('itertools' in sys.modules, sys.modules['functools'] is functools)
import heapq
print(gc.get_count()[0] - before[0] > 50)
print(functools.__name__, heapq.__name__, operator)
try:
    from itertools import nothing
except ImportError as e:
    print(e)
