# topic: exceptions - list misuse and CPython's messages (pop/remove/index/assignment/sort)
a = [1, 2, 3]
checks = [
    lambda: [].pop(),
    lambda: a.pop(10),
    lambda: a.remove(10),
    lambda: a.index(10),
    lambda: a.index(1, 1),
    lambda: a[3],
    lambda: a.__setitem__(5, 0),
    lambda: a.insert(),
    lambda: a.append(1, 2),
    lambda: a + (4,),
    lambda: a * 1.5,
    lambda: [1, 'a'].sort(),
    lambda: a.sort(lambda x: x),
    lambda: a.pop('0'),
    lambda: list(5),
    lambda: a.extend(3),
    lambda: a.count(),
    lambda: [3, None, 1].sort(),
]
for c in checks:
    try:
        c()
    except Exception as e:
        print(type(e).__name__ + ':', e)
print(a)
