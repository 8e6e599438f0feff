# topic: unpacking - * and ** in calls and literals: print(*seq), [*a, *b], {**a}, (*x,), zip(*rows)
nums = [1, 2, 3]
print(*nums)
print(*nums, sep=', ')
print(*'abc', sep='-', end='!\n')
print([*nums, *'xy', *range(2)], (*nums,), {*nums, 4}, {**{'a': 1}, 'b': 2})
def f(a, b, c, d=0):
    return a + b + c + d
print(f(*nums), f(*nums, 10), f(1, *[2, 3]), f(*[1], *[2, 3]), f(**{'a': 1, 'b': 2, 'c': 3}))
rows = [(1, 'a'), (2, 'b'), (3, 'c')]
numbers, letters = zip(*rows)
print(numbers, letters)
print(max(*nums), min(*'zyx'))
args = ('%s=%s', 'k', 'v')
print(args[0] % args[1:])
print(*[])
print(*[], sep='x', end='')
print('<-empty')
