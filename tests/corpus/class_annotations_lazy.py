# type_get_annotations: a class without annotations gets an empty dict on first read,
# stored in its namespace (so the same dict comes back); a builtin type has none.
class Plain:
    pass


class Annotated:
    x: int
    y: str = "s"


print("__annotations__" in Plain.__dict__)
a = Plain.__annotations__
print(a, "__annotations__" in Plain.__dict__, Plain.__annotations__ is a)
print(Annotated.__annotations__)


class Child(Annotated):
    pass


print(Child.__annotations__, "__annotations__" in Child.__dict__)
Plain.__annotations__ = {"z": float}
print(Plain.__annotations__)
for t in (int, object):
    try:
        t.__annotations__
    except AttributeError as e:
        print("AttributeError:", e)
