# topic: generators - close() raises GeneratorExit inside, finally blocks run, throw() injects exceptions
def worker():
    try:
        yield 1
        yield 2
    except GeneratorExit:
        print('GeneratorExit inside')
        raise
    finally:
        print('cleanup')
w = worker()
print(next(w))
w.close()
print('closed')
w.close()
try:
    next(w)
except StopIteration:
    print('StopIteration after close')
def catcher():
    while True:
        try:
            yield 'waiting'
        except ValueError as e:
            print('caught', e)
            yield 'recovered'
c = catcher()
print(next(c))
print(c.throw(ValueError('bad')))
print(next(c))
try:
    c.throw(KeyError('k'))
except KeyError as e:
    print('propagated KeyError', e)
unstarted = worker()
unstarted.close()
print('closing an unstarted generator runs nothing')
def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2
s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as e:
    print('RuntimeError:', e)
def finishes():
    yield 1
f = finishes()
next(f)
del f
print('deleting a suspended generator runs its finally/except GeneratorExit')
