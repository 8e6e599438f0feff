# Arguments CPython rejects (issue 9, item 14).
import gc
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
t(lambda: str(1, 31))
t(lambda: str("abc", "utf-8"))
t(lambda: str(b"abc", "utf-8"))
t(lambda: str(b"abc", errors="strict"))
t(lambda: str(5, "utf-8"))
t(lambda: str(b"\xe9", "latin-1"))
t(lambda: '%s %V' % ('a',))
t(lambda: '%*d' % (10**20, 3))
t(lambda: '%.*f' % (10**10, 3.0))
t(lambda: '%*d' % (2.0, 3))
t(lambda: '%s' % [1, 2])
t(lambda: '%(a)s' % [1])
t(lambda: '%(a)*d' % {'a': 5})
t(lambda: 'abc' % [5])
t(lambda: '%5%' % ())
t(lambda: gc.set_threshold(2**63 - 1))
t(lambda: gc.set_threshold(700, 2**40))
t(lambda: gc.get_threshold())
t(lambda: (-1) in b'abc')
t(lambda: 256 in b'abc')
t(lambda: 97 in b'abc')
t(lambda: 'a' in b'abc')
t(lambda: hasattr(object(), 1))
t(lambda: delattr(object(), 1))
t(lambda: getattr(object(), 1))
class F:
    def __format__(self, spec):
        return 1
t(lambda: format(F()))
t(lambda: f"{F()}")
t(lambda: f"{F():>5}")
t(lambda: property.__new__(object))
t(lambda: type(property.__new__(property)).__name__)
def g():
    yield gen.close()
gen = g()
t(lambda: next(gen))
def g2():
    yield gen2.send(None)
gen2 = g2()
t(lambda: next(gen2))
