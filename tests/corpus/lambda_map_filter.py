# topic: builtins - map/filter/lambda: laziness, multiple iterables, filter(None), map objects are iterators
nums = [1, 2, 3, 4, 5, 6]
print(list(map(lambda x: x * x, nums)), list(filter(lambda x: x % 2 == 0, nums)))
print(list(map(str, nums)), list(map(int, ['1', '2'])), list(map(pow, [2, 3], [3, 2])), list(map(lambda a, b: a + b, 'ab', 'xyz')))
print(list(filter(None, [0, 1, '', 'a', [], [0], None, False, 2.5])))
m = map(abs, [-1, -2, -3])
print(type(m).__name__, next(m), list(m), list(m))
f = filter(str.isdigit, 'a1b2c3')
print(type(f).__name__, ''.join(f))
print(sorted(map(len, ['ccc', 'a', 'bb'])), sum(map(int, '12345')), max(map(len, ['a', 'abcd'])))
square = lambda x: x ** 2
print(square(7), square.__name__, (lambda: 'no args')(), (lambda *a, **k: (a, k))(1, x=2))
print(list(map(lambda p: p[0] * p[1], zip([1, 2, 3], [4, 5, 6]))))
try:
    list(map(None, [1]))
except TypeError as e:
    print('TypeError:', e)
