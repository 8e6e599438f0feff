# topic: dicts - insertion order is kept: deleting and reinserting moves a key to the end; equality ignores order
d = {}
for key in ['c', 'a', 'b']:
    d[key] = len(d)
print(d)
d['a'] = 'updated'
print(d)
del d['c']
d['c'] = 'back'
print(d, list(d))
e = {'a': 'updated', 'b': 2, 'c': 'back'}
print(d == e, list(d) == list(e))
d.update({'a': 0, 'z': 26})
print(d)
print(dict(sorted(d.items())), {k: d[k] for k in reversed(d)})
big = {i: i * i for i in range(20)}
for i in range(0, 20, 2):
    del big[i]
big[0] = 'zero'
print(big)
