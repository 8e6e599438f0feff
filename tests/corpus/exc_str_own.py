# BaseException.__str__ is BaseException_str whatever the instance; classes with a
# tp_str of their own (KeyError, OSError, SyntaxError...) format their instances.
e = KeyError("k")
print(str(e), BaseException.__str__(e), LookupError.__str__(e), KeyError.__str__(e))
e = KeyError("a", "b")
print(str(e), BaseException.__str__(e))
e = OSError(2, "No such file", "f.txt")
print(str(e), "|", BaseException.__str__(e), "|", OSError.__str__(e))
print(BaseException.__str__(ValueError()), "|", Exception.__str__(ValueError(1, 2)))

class MyKey(KeyError):
    def __str__(self):
        return "mine " + super().__str__()

class MyValue(ValueError):
    def __str__(self):
        return "mine " + super().__str__()

print(MyKey("x"), MyValue("y"))
print("__str__" in KeyError.__dict__)
