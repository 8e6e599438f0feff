# topic: dict sizes - 3.11's calculate_log2_keysize bit trick (a one-str-key dict that takes an int key grows to 16 slots), dict(d)/{**d}/update clone a clean table and presize for a sparse one, copy() clones a dict at most a third deleted, fromkeys of a dict or set presizes, long displays are built in runs of 17
import sys
d = {'a': 1}
print(sys.getsizeof(d))
d[1] = 2
print(sys.getsizeof(d))
for n in [1, 2, 5, 6, 11, 21, 30]:
    base = {i: i for i in range(n)}
    sparse = dict(base)
    for k in range(0, n, 3):
        del sparse[k]
    e = {}
    e.update(sparse)
    print(n, len(sparse), sys.getsizeof(base), sys.getsizeof(dict(base)), sys.getsizeof({**base}),
          sys.getsizeof(sparse), sys.getsizeof(sparse.copy()), sys.getsizeof(dict(sparse)),
          sys.getsizeof({**sparse}), sys.getsizeof(e))
s = {i: i for i in range(30)}
for i in range(9):
    del s[i]
print(len(s), sys.getsizeof(s), sys.getsizeof(dict(s)), sys.getsizeof(s.copy()))
g = {}
for i in range(5):
    g[i] = i
for i in range(4):
    del g[i]
g[10] = 1
print(sys.getsizeof(g))
for n in range(0, 8):
    strs = {str(i): i for i in range(n)}
    ints = set(range(n))
    print(n, sys.getsizeof(dict.fromkeys(strs)), sys.getsizeof(dict.fromkeys(ints)),
          sys.getsizeof(dict.fromkeys(frozenset(strs))), sys.getsizeof(dict.fromkeys(list(strs))))
lit = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8, 9: 9, 10: 10, 11: 11, 12: 12,
       13: 13, 14: 14, 15: 15, 16: 16, 17: 17, 18: 18, 19: 19, 20: 20}
print(len(lit), sys.getsizeof(lit))
k = 'key'
mixed = {k + '0': 0, k + '1': 1, k + '2': 2, k + '3': 3, k + '4': 4, k + '5': 5, k + '6': 6,
         k + '7': 7, k + '8': 8, k + '9': 9, k + '10': 10, k + '11': 11, k + '12': 12,
         k + '13': 13, k + '14': 14, k + '15': 15, k + '16': 16, k + '17': 17, **lit, 'z': 1}
print(len(mixed), sys.getsizeof(mixed), list(mixed)[:2], list(mixed)[-2:])
