def gen():
    x = yield 1
    print(x)
    yield 2
    return 3

g = gen()
a = next(g)
b = g.send('hi')
try:
    next(g)
except StopIteration as e:
    r = e.value
