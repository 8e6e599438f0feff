# topic: class creation - duplicate bases, type()'s metaclass calculation, range() and __index__, descriptor attributes, float.__getformat__
class A: pass
try:
    class C(A, A): pass
except TypeError as e:
    print(e)
for args in [('T', (1,), {}), ('T', [], {}), (1, (), {}), ('T', (), [])]:
    try:
        type(*args)
    except TypeError as e:
        print(e)
class Meta(type):
    def __new__(mcls, name, bases, ns):
        ns['made_by'] = mcls.__name__
        return super().__new__(mcls, name, bases, ns)
class Base(metaclass=Meta): pass
T = type('T', (Base,), {})
print(type(T).__name__, T.made_by)
class Num:
    def __init__(self, v): self.v = v
    def __index__(self): return self.v
print(range(Num(3)), list(range(Num(1), Num(7), Num(2))), range(True))
try:
    range(1.5)
except TypeError as e:
    print(e)
class S:
    __slots__ = ('a', '__weakref__')
class D: pass
print(S.a.__name__, S.a.__qualname__, S.a.__objclass__, S.a.__doc__)
print(S.__weakref__.__name__, S.__weakref__.__qualname__, S.__weakref__.__objclass__, S.__weakref__.__doc__)
print(D.__dict__['__dict__'].__objclass__, D.__dict__['__dict__'].__doc__)
print(float.__getformat__('double'), float.__getformat__('float'))
for bad in [(1,), ('x',)]:
    try:
        float.__getformat__(*bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
for src in ["def f():\n    try:\n        pass\n    except* ValueError:\n        return 'x'",
            "def f():\n    try:\n        pass\n    except* ValueError:\n        return f()",
            "for i in y:\n    try:\n        pass\n    except* ValueError:\n        break"]:
    try:
        compile(src, 's', 'exec')
    except SyntaxError as e:
        print(e.msg, e.lineno, e.offset, e.end_offset)
