# topic: exceptions - next() on an exhausted iterator raises StopIteration; default values avoid it
it = iter(['only'])
print(next(it))
print(next(it, None), next(it, 'fallback'))
try:
    next(it)
except StopIteration as e:
    print('StopIteration', repr(e), e.value)
def first(iterable):
    for x in iterable:
        return x
    raise ValueError('empty iterable')
print(first('xyz'))
try:
    first([])
except ValueError as e:
    print('ValueError:', e)
empty = iter([])
print(next(empty, 'x'))
next(empty)
