# Every builtin exception class has its own __init__ and __new__ in its __dict__
# (each static type's slots get wrappers of their own), even where the code is
# BaseException's.
for cls in (BaseException, Exception, TypeError, KeyboardInterrupt, OSError, KeyError):
    init = cls.__dict__["__init__"]
    print(cls.__name__, init.__qualname__, init.__objclass__.__name__, cls.__init__ is init)
    print(" ", cls.__new__.__qualname__, "__new__" in cls.__dict__)
print(Exception.__init__)
print(ValueError.__init__ is Exception.__init__)

# the wrapper checks its receiver against its own class
try:
    Exception.__init__(BaseException("x"))
except TypeError as e:
    print(e)
e = KeyError()
KeyError.__init__(e, "k", 2)
print(e.args)
