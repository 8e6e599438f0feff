# topic: exceptions - dict misuse: KeyError shows the key's repr, popitem on empty, mutation during iteration
d = {'a': 1, 2: 'b', (1, 2): 'tuple'}
checks = [
    lambda: d['missing'],
    lambda: d[3],
    lambda: d[(1, 3)],
    lambda: d.pop('nope'),
    lambda: {}.popitem(),
    lambda: d[[1]],
    lambda: {[1]: 2},
    lambda: d.update(5),
    lambda: d.update([1]),
    lambda: dict([(1, 2, 3)]),
    lambda: d.get(),
    lambda: d[''],
    lambda: {}[None],
]
for c in checks:
    try:
        c()
    except Exception as e:
        print(type(e).__name__ + ':', e, repr(e))
try:
    for k in d:
        d['new'] = 0
except RuntimeError as e:
    print('RuntimeError:', e)
try:
    for k in d:
        del d[k]
except RuntimeError as e:
    print('RuntimeError:', e)
print(d)
print(d['missing'])
