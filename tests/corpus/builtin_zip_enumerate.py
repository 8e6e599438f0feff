# topic: builtins - zip (shortest wins, strict, unzip), enumerate with start, dict(zip()), zip objects are iterators
names = ['ann', 'bob', 'cy']
ages = [31, 25]
print(list(zip(names, ages)), list(zip(names, ages, 'xyz')), list(zip()), list(zip('ab')))
print(dict(zip(names, ages)), list(enumerate(names)), list(enumerate(names, start=1)), list(enumerate('ab', 10)))
for i, (n, a) in enumerate(zip(names, ages)):
    print(i, n, a)
z = zip([1, 2], [3, 4])
print(type(z).__name__, next(z), list(z), list(z))
pairs = [(1, 'one'), (2, 'two')]
nums, words = zip(*pairs)
print(nums, words)
try:
    list(zip([1, 2], [1], strict=True))
except ValueError as e:
    print('ValueError:', e)
try:
    zip(1, 2)
except TypeError as e:
    print('TypeError:', e)
e = enumerate('xy')
print(type(e).__name__, next(e), list(e))
matrix = [[1, 2, 3], [4, 5, 6]]
print([list(col) for col in zip(*matrix)], [sum(col) for col in zip(*matrix)])
