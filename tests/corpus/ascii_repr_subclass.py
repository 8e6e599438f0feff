# ascii(obj) is PyObject_ASCII: the repr object itself when it is all ASCII (a str
# subclass that __repr__ returned stays one), else an escaped exact str.
class MyStr(str):
    pass

class Plain:
    def __repr__(self):
        return MyStr("plain")

class Accented:
    def __repr__(self):
        return MyStr("héllo ☃ \U0001f600")

r = ascii(Plain())
print(type(r).__name__, r)
r = ascii(Accented())
print(type(r).__name__, r)
print(ascii("héllo"), ascii(["é", 1]), ascii(MyStr("é")), type(ascii(MyStr("e"))).__name__)
