# topic: itertools - every iterator of the module, its repr and what it yields
import itertools
from itertools import (count, cycle, repeat, chain, islice, accumulate, product, permutations,
                       combinations, combinations_with_replacement, groupby, tee, zip_longest,
                       pairwise, starmap, takewhile, dropwhile, filterfalse, compress)
c = count(10)
print(next(c), next(c), c)
print(count(2.5, 0.5), count(1, 2), repr(count(0, 1)), count(10**20))
big = count(2**63 - 2)
print(next(big), next(big), next(big), big)
print(list(islice(count(), 5)), list(islice('abcdefg', 2, None, 2)), list(islice(range(10), 1, 8, 3)))
print(list(islice(cycle('ab'), 5)))
print(repeat('x', 3), list(repeat('x', 3)), repeat(1), list(repeat(0, -2)))
print(list(chain([1, 2], 'ab')), list(chain.from_iterable([[1], [2, 3]])), list(chain()))
print(list(accumulate([1, 2, 3, 4])), list(accumulate([1, 2, 3], lambda a, b: a * b, initial=10)))
print(list(accumulate([])), list(accumulate([], initial=5)), list(accumulate([3, 1, 4], max)))
print(list(product('ab', repeat=2)), list(product()), list(product('ab', [])))
print(list(permutations([1, 2, 3], 2)), list(permutations('ab')), list(permutations('ab', 3)))
print(list(combinations('abcd', 2)), list(combinations('ab', 0)), list(combinations('a', 2)))
print(list(combinations_with_replacement('ab', 2)), list(combinations_with_replacement('', 1)))
for k, g in groupby('aaabbcaa'):
    print(k, list(g))
print([(k, list(g)) for k, g in groupby([1, 2, 3, 4, 5], key=lambda n: n % 2)])
it = groupby('aabb')
k1, g1 = next(it)
k2, g2 = next(it)
print(k1, list(g1), k2, list(g2))
a, b = tee([1, 2, 3])
print(list(a), list(b), tee('ab', 3)[2], len(tee('x', 0)))
print(list(zip_longest('ab', 'xyz', fillvalue='-')), list(zip_longest()))
print(list(pairwise('abcd')), list(pairwise('a')))
print(list(starmap(pow, [(2, 3), (3, 2)])))
print(list(takewhile(lambda x: x < 3, [1, 2, 3, 1])), list(dropwhile(lambda x: x < 3, [1, 2, 3, 1])))
print(list(filterfalse(None, [0, 1, 2, 0])), list(filterfalse(lambda x: x > 1, [0, 1, 2])))
print(list(compress('abcdef', [1, 0, 1, 0, 1])))
print(type(c), type(c).__name__, type(c).__module__, type(groupby('a')).__qualname__)
for bad in [lambda: islice('a', -1), lambda: islice('a', 'x'), lambda: islice('a', 0, 1, 0),
            lambda: combinations('ab', -1), lambda: count('a'), lambda: product('a', repeat=-1),
            lambda: zip_longest('a', bogus=1), lambda: next(repeat(1, 0)), lambda: chain(1).__next__()]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
