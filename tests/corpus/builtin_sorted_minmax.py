# topic: builtins - min/max with key/default/multiple args and their errors; sorted returns a new list
data = [4, -7, 2, 9, -1]
print(min(data), max(data), min(data, key=abs), max(data, key=lambda x: -x), min(3, 1, 2), max('apple', 'fig', key=len))
print(max([], default='empty'), min((), default=None), max([[1, 2], [3]], key=len), min('hello'), max({'a': 3, 'b': 1}))
d = {'x': 3, 'y': 7, 'z': 5}
print(max(d, key=d.get), min(d.items(), key=lambda kv: kv[1]), sorted(d, key=d.get, reverse=True))
print(max([1, 3, 3, 2], key=lambda x: x // 2), min([(1, 'b'), (1, 'a')]), max(1, 2.5, True))
s = [3, 1, 2]
r = sorted(s)
print(r, s, r is s, sorted(s, reverse=True), sorted('cba'), sorted(range(3), key=lambda x: -x))
for call in [lambda: max([]), lambda: min(), lambda: max(1), lambda: min([1, 'a']), lambda: max(1, 2, default=0), lambda: sorted(5)]:
    try:
        call()
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ':', e)
