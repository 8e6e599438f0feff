# topic: dicts - keys/values/items views: live updates, reprs, set operations (int keys), membership
d = {1: 'one', 2: 'two', 3: 'three'}
k, v, it = d.keys(), d.values(), d.items()
print(k, v, it)
d[4] = 'four'
del d[1]
print(k, len(v), list(it)[0], (2, 'two') in it, 'two' in v, 5 in k)
print(k & {2, 3, 10}, k | {7}, k - {2}, k ^ {3, 9}, k == {2, 3, 4}, k <= {2, 3, 4, 5})
print(sorted(k, reverse=True), list(reversed(k)), list(reversed(d.values())), [x for x in it])
e = {'b': 1, 'a': 2}
print(e.keys() == {'a', 'b'}, sorted(e.keys()), list(e), list(e.values()), next(iter(e.items())))
print(type(k).__name__, type(v).__name__, type(it).__name__)
try:
    k[0]
except TypeError as e:
    print('TypeError:', e)
