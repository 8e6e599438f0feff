# topic: repr - nested and self-referencing containers print [...] and {...}
a = [1, 2]
a.append(a)
print(a, len(a), a[2] is a)
d = {'k': 1}
d['self'] = d
print(d)
b = [a, d, (a,)]
print(b)
t = ([],)
t[0].append(t)
print(t)
x = []
y = [x]
x.append(y)
print(x, y)
print(repr([None, True, 1.0, 'a', (), (1,), [], {}, set(), frozenset(), b'', range(3), 1j, ...]))
print(str(['x', "y'z"]), {1: [2, {3: (4,)}]})
