# obj.__class__ = C goes through object's __class__ getset (object_set_class): the
# instance's type changes, nothing lands in its __dict__, and the layouts must agree.
class A:
    def hello(self):
        return "A"

class B:
    def hello(self):
        return "B"

a = A()
a.x = 1
a.__class__ = B
print(type(a).__name__, a.hello(), a.__dict__, isinstance(a, B), isinstance(a, A))

class Slotted:
    __slots__ = "b"

class SlotX:
    __slots__ = ("x",)

class SlotY:
    __slots__ = ("y",)

class SlotX2:
    __slots__ = ("x",)

for obj, cls in [(A(), Slotted), (SlotX(), SlotY), (A(), int)]:
    try:
        obj.__class__ = cls
        print("assigned", type(obj).__name__)
    except TypeError as e:
        print(e)
s = SlotX()
s.x = 5
s.__class__ = SlotX2
print(type(s).__name__, s.x)
try:
    (1).__class__ = B
except TypeError as e:
    print(e)
try:
    del a.__class__
except TypeError as e:
    print(e)
try:
    a.__class__ = 3
except TypeError as e:
    print(e)
