# topic: generators - throw/close through yield from, finally that yields, finalizer on del, PEP 479, gc of a suspended generator
def inner():
    try:
        yield 1
        yield 2
    except ValueError as e:
        print('inner caught', e)
        yield 'recovered'
    finally:
        print('inner finally')
    return 'inner-ret'

def outer():
    r = yield from inner()
    print('outer got', r)
    yield 'after'

g = outer()
print(next(g))
print(g.throw(ValueError('x')))
print(next(g))
print(next(g, 'dflt'))
g2 = outer()
next(g2)
g2.close()
print('closed g2')
def bad():
    try:
        yield 1
    finally:
        yield 2
b = bad(); next(b)
try:
    b.close()
except RuntimeError as e:
    print('RT', e)
def h():
    try:
        yield 1
    except GeneratorExit:
        print('exit seen')
        raise
x = h(); next(x); del x
print('after del')
def k():
    yield 1
kk = k()
print(list(kk), next(kk, 5))
try:
    k().throw(KeyError, 'kk')
except KeyError as e:
    print('KeyError', e)
def m():
    x = yield
    while True:
        x = yield x * 2
mm = m(); next(mm); print(mm.send(4), mm.send(5))
import gc
def cyc():
    try:
        yield 1
    finally:
        print('cyc finally')
c = cyc(); next(c)
lst = [c]; lst.append(lst); del c, lst
print(gc.collect() > 0)
def raiser():
    yield 1
    raise StopIteration
try:
    for _ in raiser(): pass
except RuntimeError as e:
    print(repr(e), repr(e.__cause__), e.__suppress_context__)
