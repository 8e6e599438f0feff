# bytearray_repr names the object's own type (`_PyType_Name(Py_TYPE(self))`).
class Buffer(bytearray):
    pass


b = Buffer(b"xy")
b.append(65)
print(repr(b), b)
print(repr(Buffer()), [Buffer(b"'q")])
print(repr(bytearray(b"ok")), type(b + b"z").__name__, type(b.copy()).__name__)
