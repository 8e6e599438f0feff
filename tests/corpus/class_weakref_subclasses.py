# topic: classes - weak references to classes; __subclasses__ through the bases' weak references; a deleted class leaves them
import weakref, gc
class C: pass
r = weakref.ref(C)
print(r() is C, weakref.getweakrefcount(C), weakref.ref(C) is r)
class D(C): pass
class E(C): pass
print(C.__subclasses__(), D.__subclasses__())
del E
gc.collect()
print(C.__subclasses__())
dead = []
class F(D): pass
w = weakref.ref(F, lambda ref: dead.append('F gone'))
del F
gc.collect()
print(dead, w(), D.__subclasses__())
print(C in object.__subclasses__(), len([c for c in object.__subclasses__() if c.__module__ == '__main__']))
