# topic: dicts - key equality: 1, 1.0 and True are one key; tuples as keys; unhashable keys
d = {}
d[1] = 'int'
d[1.0] = 'float'
d[True] = 'bool'
print(d, len(d))
d[(1, 2)] = 'tuple'
d[None] = 'none'
d[frozenset([1])] = 'frozen'
d[-0.0] = 'negzero'
d[0] = 'zero'
print(d)
print(d[1], d[(1, 2)], d[frozenset({1})], d[0.0], d.get(1 + 0j))
for key in ([1], {1: 2}, {1}):
    try:
        d[key] = 1
    except TypeError as e:
        print('TypeError:', e)
try:
    d[(1, [2])] = 1
except TypeError as e:
    print('TypeError:', e)
print(hash(1) == hash(1.0) == hash(True), hash((1, 2)) == hash((1, 2)), hash(-1), hash(-2), hash(2 ** 61 - 1), hash(2 ** 61))
print(hash(1.5), hash(0.1), hash(None) == hash(None), hash(()) == hash(()))
