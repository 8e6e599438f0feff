# topic: sets - add/remove/discard/pop/update/clear/copy, frozenset, duplicates removed (int elements)
s = {3, 1, 2}
s.add(2)
s.add(10)
print(s, len(s))
s.remove(10)
s.discard(10)
s.discard(1)
print(s)
s.update([5, 6], (7,), {8})
print(s, s.pop(), s)
t = s.copy()
t.clear()
print(t, s, set([1, 1, 2, 2, 3]), len({1, 1.0, True}))
f = frozenset([1, 2, 3])
print(f, f | {4}, type(f | {4}).__name__, type({4} | f).__name__, hash(f) == hash(frozenset([3, 2, 1])))
print({frozenset({1}): 'ok'}, {f, frozenset()}.__len__())
try:
    s.remove(42)
except KeyError as e:
    print('KeyError:', e, repr(e))
try:
    set().pop()
except KeyError as e:
    print('KeyError:', e)
try:
    f.add(4)
except AttributeError as e:
    print('AttributeError:', e)
try:
    {[1, 2]}
except TypeError as e:
    print('TypeError:', e)
try:
    s.add({1})
except TypeError as e:
    print('TypeError:', e)
unique = []
seen = set()
for n in [4, 1, 4, 2, 1, 3]:
    if n not in seen:
        seen.add(n)
        unique.append(n)
print(unique, sorted(seen))
