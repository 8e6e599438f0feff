# topic: comprehensions - dict and set comprehensions (int elements), inverting dicts, duplicate keys
words = ['apple', 'banana', 'cherry', 'avocado']
print({w: len(w) for w in words})
print({w[0]: w for w in words})
print({n % 4 for n in range(20)}, {n * n for n in [-2, -1, 0, 1, 2]})
d = {'a': 1, 'b': 2, 'c': 3}
print({v: k for k, v in d.items()}, {k: v for k, v in d.items() if v != 2}, {k.upper(): v * 10 for k, v in d.items()})
print({i: [j for j in range(i)] for i in range(4)}, {(i, j): i * j for i in range(2) for j in range(2)})
print(dict((k, len(k)) for k in words[:2]), set(len(w) for w in words))
print(sorted({len(w) for w in words}), type({x for x in ()}).__name__, type({x: x for x in ()}).__name__)
