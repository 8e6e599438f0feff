# A class over a builtin sequence gets the generic nb_add (slot_nb_add) when a Python
# __add__ or __radd__ appears, and keeps it: update_one_slot then finds nb_add and sq_concat
# both filled (resolve_slotdups gives no single slot), so the sequence's own __add__ wrapper
# keeps the generic slot, which calls str.__add__ by name: a TypeError, before the other
# operand's __radd__ is ever asked.
class Other:
    def __radd__(self, left):
        return "Other.__radd__"


class Text(str):
    pass


class Sub(Text):
    pass


print(Text("a") + Other(), Sub("b") + Other())
Text.__radd__ = lambda self, other: NotImplemented
for change in ("kept", "del __radd__", "__add__ = str.__add__", "del __add__"):
    if change == "del __radd__":
        del Text.__radd__
    elif change == "__add__ = str.__add__":
        Text.__add__ = str.__add__
    elif change == "del __add__":
        del Text.__add__
    for cls in (Text, Sub):
        try:
            print(change, cls(cls.__name__) + Other())
        except TypeError as e:
            print(change, "TypeError:", e)


class Late(Text):
    pass


try:
    Late("x") + Other()
except TypeError as e:
    print("Late TypeError:", e)
print(Text("t") + "u", "s" + Text("t"), type(Text("t") + "u").__name__)


class Items(list):
    def __mul__(self, n):
        return "Items.__mul__"


del Items.__mul__
for v in (Items([1]) * 2, 2 * Items([1])):
    print(v)


class Count:
    def __rmul__(self, seq):
        return "Count.__rmul__"


try:
    print(Items([1]) * Count())
except TypeError as e:
    print("TypeError:", e)
print(Text("ab") * 2, [1] * 2)
