# topic: identity - None, True/False, Ellipsis, NotImplemented and empty tuple are singletons
def nothing():
    pass
print(nothing() is None, type(None)() is None, None.__class__.__name__)
print(bool(1) is True, (1 < 2) is True, (1 > 2) is False, bool([]) is False, not None is True)
print(() is tuple(), tuple([]) is (), ... is Ellipsis, type(...)() is ..., NotImplemented is NotImplemented)
print(frozenset() is frozenset(), '' is ''.strip(), str() is '', b'' is bytes())
print(id(None) == id(nothing()), id(True) == id(3 > 2), len({id(None), id(None), id(nothing())}))
print(repr(None), repr(...), repr(NotImplemented), type(NotImplemented).__name__, type(...).__name__)
print(type(None), type(True), type(...))
