# topic: exceptions - unpacking errors: too many / not enough values, non-iterables, starred targets
cases = [
    lambda: [(a, b) for a, b in [(1, 2, 3)]],
    lambda: [(a, b, c) for a, b, c in [(1, 2)]],
    lambda: [(a, b) for a, b in [5]],
    lambda: [(a, b) for a, b in ['abc']],
    lambda: [(a, b) for a, b in [{}]],
    lambda: [(a, b, c) for a, *b, c in [(1,)]],
]
for c in cases:
    try:
        c()
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ':', e)
try:
    x, y = 1, 2, 3
except ValueError as e:
    print('ValueError:', e)
try:
    x, y, z = 'ab'
except ValueError as e:
    print('ValueError:', e)
try:
    x, y = None
except TypeError as e:
    print('TypeError:', e)
try:
    (x, y), z = [1, 2], 3
    print(x, y, z)
    (x, y), z = 1, 2
except TypeError as e:
    print('TypeError:', e)
try:
    a, b = {'k': 1}
except ValueError as e:
    print('ValueError:', e)
a, b = {'k': 1, 'j': 2}
print(a, b)
