# topic: builtins - hash() of numbers and tuples is deterministic: equal numbers hash equal, -1 becomes -2
for v in [0, 1, -1, -2, 42, 2 ** 61 - 2, 2 ** 61 - 1, 2 ** 61, 2 ** 100, -(2 ** 100), 1.0, 1.5, -0.5, 0.1, 1e100, True, 3 + 0j, 2j]:
    print(repr(v), hash(v))
print(hash(float('inf')), hash(float('-inf')), hash((1, 2, 3)), hash(()), hash((1, (2,))), hash(frozenset()))
print(hash(10 ** 20) == hash(float(10 ** 20)), hash(0.5) == hash(0.5 + 0j))
try:
    hash({})
except TypeError as e:
    print('TypeError:', e)
print(hash(range(3)) == hash(range(0, 3)))
