# topic: generators - return in a generator sets StopIteration.value; StopIteration inside becomes RuntimeError
def g():
    yield 1
    return 'the end'
it = g()
next(it)
try:
    next(it)
except StopIteration as e:
    print(repr(e), e.value, e.args)
def bad():
    yield 1
    raise StopIteration('oops')
try:
    list(bad())
except RuntimeError as e:
    print('RuntimeError:', e, '| cause:', repr(e.__cause__))
def empty():
    return
    yield
print(list(empty()), type(empty()).__name__)
def gen_with_return_none():
    yield 'a'
    return None
e = gen_with_return_none()
next(e)
try:
    next(e)
except StopIteration as stop:
    print(stop.value, stop.args)
