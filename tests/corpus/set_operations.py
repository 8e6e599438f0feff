# topic: sets - union/intersection/difference/symmetric difference, subset/superset/disjoint (int elements)
a = {1, 2, 3, 4}
b = {3, 4, 5, 6}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union(b, [7]), a.intersection(b, {4}), a.difference([1], [2]), a.symmetric_difference(range(3)))
print({1, 2} <= a, {1, 2} < a, a < a, a <= a, a >= {1}, a > {1, 5}, a.issubset(range(10)), a.issuperset([1, 2]))
print(a.isdisjoint(b), a.isdisjoint({9}), {1, 2} == {2, 1}, {1} == frozenset({1}), set() == frozenset())
print(sorted(a | b), len(a & b), 3 in a, 9 not in a)
c = set(a)
c |= {10}
c &= {1, 2, 10, 11}
c -= {2}
c ^= {1, 99}
print(c)
print(set(), frozenset(), set([3, 1, 2]), frozenset(range(3)), {0, 1, 2, 3, 4} - {0})
try:
    a | [1]
except TypeError as e:
    print('TypeError:', e)
try:
    a + b
except TypeError as e:
    print('TypeError:', e)
