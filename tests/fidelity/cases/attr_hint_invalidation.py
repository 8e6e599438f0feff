# One LOAD_ATTR / STORE_ATTR / LOAD_METHOD site, run many times, sees every change to the
# class, the instance and the instance's class (the specialised forms must deoptimise).
import sys


class P:
    def __init__(self, x):
        self.x = x
        self.y = [x]

    def get(self):
        return self.x


class Q(P):
    def get(self):
        return "Q.get"


class S:
    __slots__ = ("x", "get")

    def __init__(self):
        self.x = "slot"


def read(o):
    return o.x


def write(o, v):
    o.x = v


def call(o):
    return o.get()


def warm(o):
    for i in range(20):
        read(o)
        write(o, read(o))
        call(o)


def attempt(f, *args):
    try:
        return f(*args)
    except AttributeError as e:
        return "AttributeError: " + str(e)


p = P(1)
warm(p)
print("plain", read(p), call(p))
v = [7]
for i in range(20):
    write(p, v)
print("refs of the stored list", sys.getrefcount(v))
write(p, 1)
print("after replacing it", sys.getrefcount(v))

del p.x
print("deleted", attempt(read, p), attempt(call, p))
write(p, 2)
print("set again", read(p), call(p), vars(P(0)))

P.__getattr__ = lambda self, name: "hook " + name
print("getattr hook", read(p), attempt(lambda: p.missing))
del p.x
print("getattr hook, deleted", read(p))
write(p, 3)
del P.__getattr__
warm(p)

P.__getattribute__ = lambda self, name: "every " + name
print("getattribute", read(p))
del P.__getattribute__
print("getattribute gone", read(p), call(p))

P.__setattr__ = lambda self, name, v: print("setattr", name, v)
write(p, 4)
print("setattr hook", read(p))
del P.__setattr__
write(p, 5)
print("setattr gone", read(p))

P.x = "class attribute"
print("class attribute under the instance value", read(p))
del p.x
print("class attribute alone", read(p))
write(p, 6)
del P.x

P.x = property(lambda self: "property", lambda self, v: print("property set", v))
print("property", read(p))
write(p, 7)
del P.x
print("property gone", read(p))

p.get = lambda: "instance function"
print("shadowed method", call(p))
del p.get
print("unshadowed", call(p))
warm(p)
P.get = lambda self: "replaced method"
print("replaced", call(p))

p.__class__ = Q
print("class changed", read(p), call(p))
p.__class__ = P
warm(p)

d = vars(p)
print("with __dict__", d)
write(p, 8)
print("with __dict__", read(p), d, call(p))

a, b = P(10), P(11)
del b.x
b.x = 12
warm(a)
warm(b)
print("orders", vars(a), vars(b))

objs = [P(20), Q(21), S(), P(22)]
for i in range(10):
    print("mixed", [(read(o), call(o) if not isinstance(o, S) else "-") for o in objs])
    if i == 5:

        class Unrelated:
            pass

        Unrelated.z = 1
print("slots", attempt(call, objs[2]))
