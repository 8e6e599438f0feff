# topic: generators - yield: next(), StopIteration at the end, for loops, list(), state between yields
def count_up(limit):
    print('start')
    n = 0
    while n < limit:
        print('yielding', n)
        yield n
        n += 1
    print('done')
g = count_up(2)
print(type(g).__name__, g.__name__)
print(next(g))
print(next(g))
try:
    next(g)
except StopIteration as e:
    print('StopIteration', e.args)
print(next(g, 'default'))
print(list(count_up(3)))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(12)])
for i, v in zip(range(3), fib()):
    print(i, v)
def evens(seq):
    for x in seq:
        if x % 2 == 0:
            yield x
print(list(evens(range(10))), sum(evens([1, 2, 3, 4])))
