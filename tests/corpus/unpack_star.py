# topic: unpacking - starred targets: a, *b = ...; *a, b; a, *b, c; nested targets; starred in for loops
a, *b = [1, 2, 3, 4]
print(a, b)
*a, b = 'hello'
print(a, b)
a, *b, c = range(5)
print(a, b, c)
a, *b, c = [1, 2]
print(a, b, c)
(a, b), *rest = [(1, 2), (3, 4), (5, 6)]
print(a, b, rest)
first, *_, last = 'python'
print(first, last, _)
for head, *tail in [[1, 2, 3], [4], 'xy']:
    print(head, tail)
[x, y] = (7, 8)
print(x, y)
a, (b, *c) = 1, [2, 3, 4]
print(a, b, c)
*only, = {1: 'a', 2: 'b'}
print(only, type(only).__name__)
try:
    a, *b, c = [1]
except ValueError as e:
    print('ValueError:', e)
