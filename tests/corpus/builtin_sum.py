# topic: builtins - sum with start values, floats, lists of lists, and why strings are refused
print(sum([1, 2, 3]), sum([1, 2, 3], 10), sum([]), sum([], 5), sum(range(101)), sum([0.1] * 10), sum([1, 2.5]))
print(sum([[1], [2, 3]], []), sum(((1,), (2,)), ()), sum([True, True, False]), sum([1 + 2j, 3]))
print(sum(x * x for x in range(4)), sum({1: 'a', 2: 'b'}), sum([2 ** 64, 2 ** 64]), sum([0.5, 0.25], start=1))
try:
    sum(['a', 'b'])
except TypeError as e:
    print('TypeError:', e)
try:
    sum(['a', 'b'], '')
except TypeError as e:
    print('TypeError:', e)
try:
    sum([1, 'a'])
except TypeError as e:
    print('TypeError:', e)
try:
    sum(5)
except TypeError as e:
    print('TypeError:', e)
