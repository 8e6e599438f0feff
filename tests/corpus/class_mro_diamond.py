# topic: classes - multiple inheritance: C3 MRO in a diamond, cooperative super() calls, MRO conflicts
class Base:
    def hello(self):
        return ['Base']
class Left(Base):
    def hello(self):
        return ['Left'] + super().hello()
class Right(Base):
    def hello(self):
        return ['Right'] + super().hello()
class Child(Left, Right):
    def hello(self):
        return ['Child'] + super().hello()
print(Child().hello())
print([c.__name__ for c in Child.__mro__], [c.__name__ for c in Child.mro()])
class Mixin:
    def greet(self):
        return 'mixin greet for ' + self.name
class Named:
    def __init__(self):
        self.name = 'named'
class Both(Mixin, Named):
    pass
print(Both().greet(), Both.__mro__[1].__name__)
try:
    class Bad(Base, Left):
        pass
except TypeError as e:
    print('TypeError:', e)
class A:
    def who(self):
        return 'A'
class B(A):
    pass
class C(A):
    def who(self):
        return 'C'
class D(B, C):
    pass
print(D().who(), super(C, D()).who(), super(B, D()).who())
