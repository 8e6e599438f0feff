# A class made where the module's __name__ was deleted gets __module__ 'builtins' (the class
# body's LOAD_NAME __name__ finds the builtins module's): type_repr and
# object_repr then use tp_name, the bare __name__, not the qualname (issue 9, fuzz
# campaign seed 22)
del __name__
def outer():
    class Local:
        pass
    return Local
L = outer()
print(L.__qualname__, L.__name__, repr(L), '__module__' in L.__dict__)
print(repr(L())[:16], L.__module__)
class Top:
    class Inner:
        pass
print(repr(Top), repr(Top.Inner), repr(Top.Inner())[:16])
