# topic: iteration - dicts and sets refuse to change size while iterated (sticky error)
d = {1: 'a', 2: 'b'}
it = iter(d)
next(it)
d[3] = 'c'
try:
    next(it)
except RuntimeError as e:
    print(e)
try:
    next(it)
except RuntimeError as e:
    print('again', e)
s = {1, 2}
try:
    for x in s:
        s.add(x + 10)
except RuntimeError as e:
    print(e)
d2 = {1: 1}
for k in d2:
    d2[k] = 2
print(d2)
v = {1: 2}.values()
ks = {1: 2, 3: 4}
try:
    for k in ks.keys():
        ks.pop(k)
except RuntimeError as e:
    print(e)
