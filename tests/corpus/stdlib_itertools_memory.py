# topic: itertools - sizes, referents and references of the iterators; result tuples reused in place
import sys, gc
from itertools import count, chain, product, combinations, permutations, zip_longest, islice, cycle, repeat, tee
print(sys.getsizeof(count()), sys.getsizeof(chain()), sys.getsizeof(repeat(1)), sys.getsizeof(cycle('a')))
print(sys.getsizeof(islice('a', 1)), sys.getsizeof(zip_longest()), sys.getsizeof(product('ab', 'cd')))
print(sys.getsizeof(permutations([1, 2, 3])), sys.getsizeof(combinations('abcd', 3)))
data = [10, 20]
it = iter(data)
ch = chain(it)
print(sys.getrefcount(it), gc.is_tracked(ch))
print(len(gc.get_referents(ch)), gc.get_referents(ch)[0] is not it)
r = repeat(data, 2)
print(sys.getrefcount(data), gc.get_referents(r)[0] is data)
del r
print(sys.getrefcount(data))
seen = set()
for t in combinations(range(5), 2):
    seen.add(id(t))
print('ids while the loop variable holds the tuple:', len(seen))
seen = set()
for a, b in combinations(range(5), 2):
    pass
first = next(product('ab', 'cd'))
p = product('ab', 'cd')
x = next(p)
y = next(p)
print(x, y, x is y)
p = product('ab', 'cd')
ids = [id(next(p)) for _ in range(4)]
print(len(set(ids)))
z = zip_longest('abc', 'de')
print(next(z), next(z), next(z))
c = count(5)
print(sys.getrefcount(c), next(c))
t1, t2 = tee(iter([1, 2, 3]))
print(next(t1), next(t1), next(t2), list(t2), list(t1))
