# topic: collections - deque (blocks, maxlen, rotate, iteration) and defaultdict
from collections import deque, defaultdict
import collections, sys, gc
d = deque([1, 2, 3])
d.append(4)
d.appendleft(0)
print(d, len(d), d[0], d[-1], d.pop(), d.popleft(), d)
d.extend('ab')
d.extendleft([7, 8])
print(d)
d.rotate(2)
print(d)
d.rotate(-3)
print(d)
print(d.count(1), d.index(2), 2 in d, 99 in d)
d.remove(2)
d.insert(1, 'x')
print(d)
d.reverse()
print(d, list(reversed(d)))
del d[0]
d[0] = 'first'
print(d, bool(deque()), bool(d))
q = deque(maxlen=3)
for i in range(5):
    q.append(i)
print(q, q.maxlen, q == deque([2, 3, 4]), q * 2, q + deque([9]))
history = deque(maxlen=2)
history.extendleft('abc')
print(history)
print(sys.getsizeof(deque()), sys.getsizeof(deque(range(100))), sys.getsizeof(deque(range(33))))
e = deque()
for i in range(33):
    e.append(i)
f = deque()
for i in range(33):
    f.appendleft(i)
print(sys.getsizeof(e), sys.getsizeof(f))
for bad in [lambda: deque().pop(), lambda: d.remove(99), lambda: d[50], lambda: hash(d),
            lambda: d + [1], lambda: deque(maxlen=-1), lambda: deque([1], 1).insert(0, 2),
            lambda: d.index('nope'), lambda: d < [1]]:
    try:
        bad()
    except Exception as ex:
        print(type(ex).__name__, ex)
it = iter(d)
next(it)
d.append(5)
try:
    next(it)
except RuntimeError as ex:
    print(ex)
print(type(iter(d)), d.copy(), gc.is_tracked(d), len(gc.get_referents(d)))
x = [1]
dd = deque([x, x])
print(sys.getrefcount(x))
del dd
print(sys.getrefcount(x))
queue = deque()
queue.append('a')
queue.append('b')
print(queue.popleft(), queue)
dl = defaultdict(list)
dl['a'].append(1)
dl['b']
print(dl, dl.default_factory, repr(defaultdict()), sys.getsizeof(dl), defaultdict(int, {1: 2}, z=3))
counts = defaultdict(int)
for ch in 'hello':
    counts[ch] += 1
print(counts, dict(counts), isinstance(counts, dict), type(counts).__mro__)
print(counts.copy(), type(counts.copy()), counts.get('z'), 'z' in counts, len(counts))
dl.default_factory = set
dl['c'].add(1)
print(dl, gc.is_tracked(defaultdict()), gc.is_tracked({}))
nd = defaultdict(lambda: 'unknown')
print(nd['who'], nd)
plain = defaultdict()
try:
    plain['missing']
except KeyError as ex:
    print('KeyError', ex)
graph = defaultdict(set)
for a, b in [(1, 2), (1, 3), (2, 3)]:
    graph[a].add(b)
    graph[b].add(a)
print(sorted(graph.items()))
