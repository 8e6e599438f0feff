# slot_tp_descr_get calls the __get__ found on the type with the descriptor first,
# without binding it again: a __get__ that is itself such an instance is called.
class Descr:
    pass

descr = Descr()
Descr.__get__ = descr
Descr.x = descr
try:
    descr.x
except TypeError as e:
    print("TypeError", e)

class Getter:
    def __get__(self, obj, owner):
        return ("got", type(self).__name__, obj is None, owner.__name__)

class Holder:
    g = Getter()

print(Holder.g, Holder().g[2])

class StaticGet:
    __get__ = staticmethod(lambda *args: len(args))

class Holder2:
    s = StaticGet()

print(Holder2.s, Holder2().s)
