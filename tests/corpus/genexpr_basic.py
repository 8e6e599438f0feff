# topic: generators - generator expressions are lazy, single-use, and can feed sum/max/any/join
g = (n * n for n in range(5))
print(type(g).__name__, next(g), next(g), list(g), list(g))
print(sum(n for n in range(101)), max(len(w) for w in ['a', 'abc', 'ab']), any(n > 3 for n in [1, 5]), all(n for n in []))
print(', '.join(str(n) for n in range(3)), sorted((n % 3 for n in range(7)), reverse=True), tuple(c for c in 'hi'))
log = []
def noisy(n):
    log.append(n)
    return n
lazy = (noisy(n) for n in range(5))
print(log)
first_two = [next(lazy), next(lazy)]
print(first_two, log)
print(3 in (noisy(n) for n in range(10)), log)
g2 = (x for x in [1, 2])
print(iter(g2) is g2, repr(g2).startswith('<generator object <genexpr> at 0x'))
print(min((abs(x - 7), x) for x in [1, 5, 9, 12]))
