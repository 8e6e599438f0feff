# topic: operator - operators as functions, itemgetter/attrgetter/methodcaller
import operator, sys
from operator import itemgetter, attrgetter, methodcaller, add, mul
print(operator.add(2, 3), operator.__add__ is operator.add, add, operator.sub)
print(itemgetter(1), itemgetter(1, 'a'), attrgetter('a.b', 'c'), methodcaller('split', ',', maxsplit=1))
pairs = [(1, 'b'), (3, 'a'), (2, 'c')]
print(sorted(pairs, key=itemgetter(1)), max(pairs, key=itemgetter(0)))
print(itemgetter(0, 2)('abc'), itemgetter(slice(1, 3))([1, 2, 3, 4]), itemgetter('k')({'k': 5}))
print(methodcaller('split', ',')('a,b'), methodcaller('upper')('hi'))
class P:
    def __init__(self, n):
        self.n = n
        self.inner = self
print(attrgetter('n')(P(5)), attrgetter('inner.n', 'n')(P(7)))
print(operator.neg(3), operator.pos(-2), operator.inv(5), operator.abs(-4), operator.not_(0))
print(operator.truth([]), operator.is_(None, None), operator.is_not(1, None), operator.index(7))
print(operator.concat([1], [2]), operator.contains([1, 2], 2), operator.countOf([1, 2, 1], 1))
print(operator.indexOf('abc', 'c'), operator.lt(1, 2), operator.ge(1, 2), operator.eq('a', 'a'))
print(operator.mod(7, 3), operator.floordiv(7, 2), operator.truediv(7, 2), operator.pow(2, 10))
print(operator.and_(12, 10), operator.or_(12, 10), operator.xor(12, 10), operator.lshift(1, 4))
l = [1, 2, 3]
operator.setitem(l, 0, 9)
operator.delitem(l, 1)
print(l, operator.getitem(l, 1), operator.length_hint(iter([1, 2])), operator.length_hint(5, 3))
acc = [1]
same = operator.iadd(acc, [2])
print(same is acc, acc, operator.iadd(5, 1), operator.imul('ab', 2))
g = itemgetter(0)
print(sys.getsizeof(g), sys.getsizeof(attrgetter('a')), type(g).__module__, type(g))
for bad in [lambda: itemgetter(), lambda: g(), lambda: operator.concat(1, 2),
            lambda: operator.indexOf([1], 5), lambda: attrgetter(1), lambda: methodcaller(3)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
print(sorted(['b', 'A', 'c'], key=methodcaller('lower')))
print([n for n in dir(operator) if not n.startswith('_')][:8])
