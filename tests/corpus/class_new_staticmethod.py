# type_new_staticmethod: a plain function __new__ in a class body is stored as a
# staticmethod; fetched from the class or an instance it is the function, unbound.
class C:
    def __new__(cls, *args):
        print("new", cls.__name__, args)
        return super().__new__(cls)

    def __init__(self, *args):
        pass

raw = C.__dict__["__new__"]
print(type(raw).__name__, type(raw.__func__).__name__)
print(C.__new__.__qualname__, C().__new__ is C.__new__)
C(1, 2)

class D(C):
    pass

D(3)
print("__new__" in D.__dict__)

class N(int):
    def __new__(cls, v):
        return super().__new__(cls, v * 2)

print(N(21), type(N.__dict__["__new__"]).__name__)

class Already:
    __new__ = staticmethod(lambda cls: object.__new__(cls))

print(type(Already.__dict__["__new__"]).__name__, type(Already()).__name__)
