# topic: who holds a reference while C code calls back into Python: functools.partial, '%s' % obj, os.fspath, gen.throw through yield from, except* splitting
import sys, os
from functools import partial


def greet(greeting, name, punct='!'):
    # the partial passes its stored arguments borrowed (vectorcall): only the frame holds them
    print('greet', sys.getrefcount(greet), sys.getrefcount(greeting), sys.getrefcount(name))
    return greeting + ', ' + name + punct


hello = 'Hello' + str(len(sys.argv))
who = 'Ann' + str(len(sys.argv))
hi = partial(greet, hello)
print(hi(who), hi(who, punct='?'))
# stored keywords: the call goes through tp_call (a tuple, a copied dict)
polite = partial(greet, punct='.')
print(polite(hello, who), polite(hello, name=who))


class Made:
    def __init__(self, a, b):
        print('init', sys.getrefcount(a), sys.getrefcount(b))


partial(Made, hello)(who)
partial(Made, b=hello)(who)


class Named:
    def __init__(self, name):
        self.name = name

    def __str__(self):
        return self.name

    def __repr__(self):
        return self.name


n = Named(who)
whole = '%s' % n           # the writer hands back the very str __str__ returned
print(whole is who, sys.getrefcount(who))
padded = '%-20s|' % n      # a new string
print(padded is who, ('%r' % n) is who, ('%.2s' % n) is who, ('[%s]' % n) is who)
print(sys.getrefcount(who))


class Place:
    def __fspath__(self):
        # os.fspath is C: a bound method holds self, no frame holds the class
        print('fspath', sys.getrefcount(self), sys.getrefcount(Place))
        return '/tmp/place'


print(os.fspath(Place()), os.path.join(Place(), 'f'))


def inner():
    try:
        yield 'first'
    except ValueError as e:
        # the exception: e, the generator's exc_info, and the caller's argument only
        print('inner caught', sys.getrefcount(e))
        yield 'recovered'


def outer():
    got = yield from inner()
    yield got


g = outer()
print(next(g), g.throw(ValueError('boom')))


class MyEG(ExceptionGroup):
    def derive(self, excs):
        # called by PyObject_CallMethod(eg, "derive", "(O)", excs): its tuple holds excs too
        print('derive', sys.getrefcount(excs), len(excs))
        return MyEG(self.message, excs)


try:
    raise MyEG('mine', [ValueError(1), TypeError(2)])
except* ValueError as e:
    print('V', repr(e))
except* TypeError as e:
    print('T', repr(e))
eg = MyEG('x', [ValueError(1), KeyError(2)])


def pred(e):
    # each leaf borrowed from the group's tuple (the group itself is the receiver of a
    # method call, which a tracer would hold once more: not printed)
    if not isinstance(e, ExceptionGroup):
        print('pred', sys.getrefcount(e))
    return isinstance(e, KeyError)


print(repr(eg.subgroup(pred)))
