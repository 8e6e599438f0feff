# topic: lists C code builds - type.mro() copies a one-base class's new mro tuple (room rounded up to even) or grows a merge list by appends; __subclasses__() appends
import sys

class A: pass
class B(A): pass
class C(A): pass
class D(B, C): pass
class E(D): pass

for k in (object, int, bool, A, B, D, E):
    m = k.mro()
    print(k.__name__, len(m), sys.getsizeof(m))
subs = A.__subclasses__()
print(len(subs), sys.getsizeof(subs))
class F(A): pass
class G(A): pass
subs = A.__subclasses__()
print(len(subs), sys.getsizeof(subs), sys.getsizeof(E.__subclasses__()))
print(sys.getrefcount(B), B in subs)
del subs
print(sys.getrefcount(B))
