# topic: builtins - reversed on sequences, any/all short-circuit and their values on empty iterables
print(list(reversed([1, 2, 3])), list(reversed('abc')), list(reversed(range(5))), list(reversed((1, 2))), ''.join(reversed('stressed')))
r = reversed([1, 2])
print(type(r).__name__, next(r), list(r), type(reversed(range(3))).__name__)
try:
    reversed({1, 2})
except TypeError as e:
    print('TypeError:', e)
try:
    reversed(x for x in [1])
except TypeError as e:
    print('TypeError:', e)
print(any([]), all([]), any([0, '', None]), all([1, 'a', [0]]), any('abc'), all(''))
def check(x):
    print('checking', x)
    return x > 1
print(any(check(x) for x in [0, 2, 5]))
print(all(check(x) for x in [3, 0, 5]))
print(any([False, 0.0, 0j]), all([True, 1, -1]), any(x % 7 == 0 for x in range(1, 7)))
