# topic: functools - partial, reduce, lru_cache, cache, wraps, total_ordering, cmp_to_key
import sys
from functools import reduce, partial, lru_cache, cache, wraps, total_ordering, cmp_to_key, update_wrapper
import operator
print(reduce(operator.add, [1, 2, 3, 4]), reduce(operator.mul, [], 1), reduce(lambda a, b: a + b, ['x'], 'y'))
p = partial(int, base=2)
print(p('101'), p, p.func, p.args, p.keywords)
q = partial(partial(max, 1), 5, key=abs)
print(q, q(-9), q.args)
def greet(greeting, name, punct='!'):
    return greeting + ', ' + name + punct
hi = partial(greet, 'Hi')
print(hi('Ann'), hi('Bob', punct='?'), hi.func is greet)
@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(30), fib.cache_info(), fib.cache_parameters())
@lru_cache(maxsize=2)
def sq(x):
    print('computing', x)
    return x * x
for i in [1, 2, 1, 3, 1, 2]:
    sq(i)
print(sq.cache_info())
sq.cache_clear()
print(sq.cache_info())
@cache
def twice(x):
    return 2 * x
print(twice(4), twice(4), twice.cache_info().hits)
def deco(f):
    @wraps(f)
    def wrapper(*a, **k):
        return f(*a, **k)
    return wrapper
@deco
def hello(name):
    "says hello"
    return 'hello ' + name
print(hello('x'), hello.__name__, hello.__doc__, hello.__wrapped__.__name__)
@total_ordering
class V:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        return self.v == o.v
    def __lt__(self, o):
        return self.v < o.v
print(V(1) <= V(2), V(3) >= V(2), V(1) > V(2), sorted([V(3), V(1)])[0].v)
print(sorted([3, 1, 2], key=cmp_to_key(lambda a, b: b - a)))
K = cmp_to_key(lambda a, b: (a > b) - (a < b))
print(K(1) < K(2), K(2) == K(2), type(K(1)).__name__)
print(fib.__name__, type(fib), sys.getsizeof(p))
class C:
    @lru_cache(maxsize=None)
    def m(self, x):
        return x + 1
c = C()
print(c.m(1), c.m(1), C.m.cache_info())
for bad in [lambda: reduce(operator.add, []), lambda: partial(), lambda: partial(1),
            lambda: reduce(operator.add, 5)]:
    try:
        bad()
    except TypeError as e:
        print('TypeError', e)
