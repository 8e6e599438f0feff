# topic: generators - yield from delegates, passes values through, and returns the subgenerator's value
def inner():
    yield 1
    yield 2
    return 'inner result'
def outer():
    result = yield from inner()
    print('inner returned', result)
    yield from [10, 20]
    yield from 'ab'
    yield from range(2)
print(list(outer()))
def flatten(items):
    for item in items:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item
print(list(flatten([1, [2, [3, [4, 5]], 6], [[7]]])))
def tree(n):
    if n:
        yield from tree(n - 1)
        yield n
        yield from tree(n - 1)
print(list(tree(3)))
def echo():
    while True:
        got = yield
        print('echo got', got)
def delegator():
    yield from echo()
d = delegator()
next(d)
d.send('hello')
d.send('world')
