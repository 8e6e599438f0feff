import sys, gc
eg = ExceptionGroup("eg", [ValueError(1), TypeError(2), ExceptionGroup("inner", [ValueError(3), KeyError(4)])])
print(repr(eg), str(eg), eg.message, eg.exceptions, eg.args)
print(type(BaseExceptionGroup("x", [ValueError()])), type(BaseExceptionGroup("x", [KeyboardInterrupt()])))
print(ExceptionGroup.__mro__, BaseExceptionGroup.__mro__, ExceptionGroup.__module__)
print(sys.getsizeof(eg), sys.getsizeof(BaseExceptionGroup("x", [KeyboardInterrupt()])))
m, r = eg.split(ValueError)
print(repr(m), repr(r))
print(repr(eg.subgroup(lambda e: isinstance(e, KeyError))))
print(eg.split(lambda e: True)[0] is eg)
for bad in [("x", []), ("x", [1]), (1, [ValueError()]), ("x", {ValueError()})]:
    try:
        ExceptionGroup(*bad)
    except Exception as e:
        print(type(e).__name__, e)
try:
    ExceptionGroup("x", [KeyboardInterrupt()])
except TypeError as e:
    print(e)
try:
    eg.split(1)
except TypeError as e:
    print(e)
def f():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2), OSError(3)])
    except* ValueError as e:
        print("V", repr(e), sys.exc_info()[1] is e)
    except* TypeError as e:
        print("T", repr(e))
        raise
    except* OSError:
        print("O")
try:
    f()
except ExceptionGroup as e:
    print("out", repr(e))
try:
    try:
        raise ValueError(5)
    except* ValueError as e:
        print("naked", repr(e), repr(e.exceptions[0]))
        raise KeyError(9)
except KeyError as e:
    print("got", repr(e))
try:
    try:
        raise ValueError(5)
    except* TypeError as e:
        print("no")
except ValueError as e:
    print("passthrough", repr(e))
try:
    try:
        raise ExceptionGroup("a", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise RuntimeError("new")
except ExceptionGroup as e:
    print("combined", repr(e), repr(e.exceptions[0].__context__))
try:
    try:
        raise ExceptionGroup("a", [ValueError(1)])
    except* ExceptionGroup:
        pass
except TypeError as e:
    print(e)
class MyEG(ExceptionGroup):
    def derive(self, excs):
        return MyEG(self.message + "!", excs)
try:
    raise MyEG("mine", [ValueError(1), TypeError(2)])
except* ValueError as e:
    print(repr(e), type(e).__name__)
except* TypeError as e:
    print(repr(e))
e = ValueError(1)
e.add_note("note1")
print(e.__notes__)
g = ExceptionGroup("n", [e, TypeError()])
g.add_note("gn")
a, b = g.split(ValueError)
print(a.__notes__, b.__notes__, a.__notes__ is g.__notes__)
print(gc.get_referents(g)[0] is ExceptionGroup, len(gc.get_referents(g)))
print(ExceptionGroup[int], issubclass(ExceptionGroup, Exception))
else_ran = []
try:
    pass
except* ValueError:
    pass
else:
    else_ran.append(1)
finally:
    print("finally", else_ran)
for src in ["for x in y:\n try: pass\n except* E: break\n", "def f():\n try: pass\n except* E: return 1\n",
]:
    try:
        compile(src, "<s>", "exec")
        print("compiled")
    except SyntaxError as e:
        print("SyntaxError", e.msg, e.lineno, e.filename, str(e))
def g():
    try:
        raise ExceptionGroup("x", [ValueError(1), ValueError(2)])
    except* ValueError as e:
        held = e
    return held
h = g()
print(sys.getrefcount(h), [sys.getrefcount(x) for x in h.exceptions], h.__traceback__ is not None)
print(gc.collect() >= 0)
try:
    eg.message = "x"
except AttributeError as e:
    print(e)
print(str(SyntaxError("m", ("f/x.py", 3, 1, "t"))), str(SyntaxError("m")), SyntaxError("m", ("f", 2, 1, "t")).text)
