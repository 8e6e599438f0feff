# topic: refcounts - native code holds what it works on: _PyObject_GenericSetAttrWithDict holds the type (Py_INCREF(tp)) while a data descriptor's
# __set__ runs (the generic getattr does not); an exception call's argument tuple is its args;
# exec/eval run the code as a function holding the globals; gc callbacks get their own
# references; __getattr__ is called as a bound method; __set_name__ walks a copy of the class dict
import gc
import sys


class T:
    @property
    def p(self):
        print("get sees", sys.getrefcount(T))
        return 1

    @p.setter
    def p(self, v):
        print("set sees", sys.getrefcount(T))

    @p.deleter
    def p(self):
        print("del sees", sys.getrefcount(T))


t = T()
print("plain", sys.getrefcount(T))
t.p
t.p = 2
del t.p
setattr(t, "p", 3)




class NotFound(Exception):
    def __init__(self, name):
        print("init", sys.getrefcount(name))
        super().__init__(repr(name))
        print("after super", sys.getrefcount(name))


key = "some key"
e = NotFound(key)
print(e.args, sys.getrefcount(key))
e2 = ValueError(key, 2)
print(sys.getrefcount(key), e2.args)


d = {"sys": sys}
exec("print('exec globals', sys.getrefcount(d))", d, {"d": d})
print(eval("sys.getrefcount(d)", d, {"d": d}))


def cb(phase, info):
    print(phase, sys.getrefcount(info), sys.getrefcount(phase), sorted(info))


gc.callbacks.append(cb)
gc.collect()
gc.callbacks.remove(cb)


class Proxy:
    def __getattr__(self, name):
        print("getattr sees", sys.getrefcount(self))
        return 1


p = Proxy()
p.missing
getattr(p, "other")


class D:
    def __set_name__(self, owner, name):
        print("set_name sees", sys.getrefcount(self))


class Owner:
    a = D()
    b = D()
