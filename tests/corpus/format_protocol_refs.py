# topic: formatting - PyObject_Format: str/int of the exact type with an empty spec are their own str; anything else calls __format__ found by _PyObject_LookupSpecial (a bound method holding the value); an empty spec on a subclass is str(); '%s %r' % (a, b) compiles to an f-string
import sys


class P:
    def __str__(self):
        return "P%d" % sys.getrefcount(self)


class I(int):
    def __str__(self):
        return "I%d" % sys.getrefcount(self)


class F(float):
    def __repr__(self):
        return "F%d" % sys.getrefcount(self)


class S(str):
    def __str__(self):
        return "S%d" % sys.getrefcount(self)


p, i, f, s = P(), I(3), F(1.5), S("x")
print(f"{p}", f"{i}", f"{f}", f"{s}")
print(format(p), format(i), format(f), format(s))
print("{} {} {} {}".format(p, i, f, s))
print(f"{i:}", f"{i:d}", f"{f:.1f}", f"{s:3}|")
print(str(p), str(i), repr(f), str(s))



class L2:
    def __str__(self):
        print("str sees", sys.getrefcount(self))
        return "L"

    def __repr__(self):
        print("repr sees", sys.getrefcount(self))
        return "R"


q = L2()
x = "%s %r" % (q, q)
y = "%s!" % q
z = "%s" % (q,)
w = "{} {!r}".format(q, q)
v = f"{q} {q!r}"

class L3:
    def __str__(self): return "L"
    def __repr__(self): return "R'é"
q = L3()
print("%s|%r|%a|%5s|%-5s|%.1s|%05r|%%|%+s" % (q, q, q, q, q, q, q, q))
print("%d %s" % (3, q), "%s" % (q,), "%s %s" % (q, 1))
try:
    print("%s %s" % (q,))
except TypeError as e:
    print(e)
try:
    print("%s" % (q, q))
except TypeError as e:
    print(e)
print("%(a)s" % {"a": 1}, "%s%" % (q,) if False else "", "%c" % (65,))
print(('%s' + '-%s') % (q, 1), "100%% %s" % (q,))
