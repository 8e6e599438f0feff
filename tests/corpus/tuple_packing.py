# topic: tuples - packing without parentheses, one-element tuples, nested tuples, tuples of mutables
t = 1, 2, 3
single = 'a',
empty = ()
print(t, single, empty, type(single).__name__, len(empty), ((1, 2), (3,)), ((),))
nested = (1, [2, 3], {'k': 'v'})
nested[1].append(4)
nested[2]['k2'] = 'v2'
print(nested)
def pair():
    return 'x', 'y'
p = pair()
print(p, type(p).__name__, p[0])
x, y = pair()
print(x, y)
print(tuple(x * 2 for x in range(3)), (i for i in []).__class__.__name__)
coords = [(1, 2), (3, 4)]
for x, y in coords:
    print(x + y, end=' ')
print()
print(max(coords), min(coords, key=lambda c: c[1]), list(zip(*coords)))
