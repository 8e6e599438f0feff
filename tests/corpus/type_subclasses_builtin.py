# type.__subclasses__() lists the builtin types readied at start-up too.
print(bool in int.__subclasses__())
print(type in object.__subclasses__(), int in object.__subclasses__())
print(KeyError in LookupError.__subclasses__(), IndexError in LookupError.__subclasses__())
print(ZeroDivisionError in ArithmeticError.__subclasses__())
class MyInt(int):
    pass
subs = int.__subclasses__()
print(subs.index(bool) < subs.index(MyInt), MyInt in subs)
print(bool.__subclasses__(), MyInt.__subclasses__())
