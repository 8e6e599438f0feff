# ImportError_init: msg is the one positional argument; name and path come by keyword
# only; str() is msg when it is a str. The import system fills name (and path).
e = ImportError("msg", name="nm", path="pth")
print(e.name, e.path, e.msg, str(e), repr(e), e.args)
print(ImportError().msg, ImportError(1, 2).msg, str(ImportError(1, 2)))
print(ModuleNotFoundError("x", name="y").name)
for bad in (lambda: ImportError(foo=1), lambda: ModuleNotFoundError("m", spam=2),
            lambda: ValueError(x=1), lambda: KeyError("k", a=1), lambda: NameError(obj=1)):
    try:
        bad()
    except TypeError as err:
        print("TypeError:", err)
a = AttributeError("gone", name="n", obj=5)
print(a.name, a.obj, NameError("m", name="q").name)
e.msg = "changed"
print(str(e))
try:
    import no_such_module_here
except ImportError as err:
    print(type(err).__name__, err.name, err.path, err.msg)
try:
    from sys import no_such_name
except ImportError as err:
    print(type(err).__name__, err.name, err.path, err.msg)


class MyImportError(ImportError):
    pass


m = MyImportError("custom", name="pkg")
print(m.name, m.msg, str(m))
try:
    MyImportError(other=1)
except TypeError as err:
    print("TypeError:", err)
