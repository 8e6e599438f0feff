# topic: dicts - get/setdefault/pop/popitem/update/keys/values/items/fromkeys/copy/clear
d = {'a': 1, 'b': 2}
print(d.get('a'), d.get('z'), d.get('z', 0), d.setdefault('c', 3), d.setdefault('a', 100), d)
print(d.pop('b'), d.pop('zz', 'default'), d)
d.update({'x': 9}, y=8)
d.update([('z', 7)])
print(d, d.popitem(), d)
print(list(d.keys()), list(d.values()), list(d.items()), len(d), 'a' in d, 1 in d)
print(dict.fromkeys('abc'), dict.fromkeys([1, 2], 0), dict(a=1, b=2), dict([(1, 'one')]), dict(zip('xy', [1, 2])))
e = d.copy()
e['new'] = True
d.clear()
print(d, e, {}, dict())
groups = {}
for word in ['apple', 'avocado', 'banana', 'blueberry', 'cherry']:
    groups.setdefault(word[0], []).append(word)
print(groups)
counts = {}
for ch in 'abracadabra':
    counts[ch] = counts.get(ch, 0) + 1
print(counts, max(counts, key=counts.get), sorted(counts.items(), key=lambda kv: -kv[1])[:2])
