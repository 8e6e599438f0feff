# PyDict_SetItem (3.11) holds its own references to the key and the value while it hashes;
# list_repr and tuple_repr pass their items borrowed to repr().
import sys


class Key:
    def __init__(self, n):
        self.n = n

    def __hash__(self):
        print("hash sees", sys.getrefcount(self))
        return hash(self.n)

    def __eq__(self, other):
        print("eq sees", sys.getrefcount(self), sys.getrefcount(other))
        return isinstance(other, Key) and self.n == other.n


d = {Key(1): "one"}
k = Key(2)
d[k] = "two"
d[Key(2)] = "again"
s = {Key(3)}
print(len(d), len(s))


class R:
    def __repr__(self):
        return "R%d" % sys.getrefcount(self)


r = R()
print([r, R()])
print((r, R()))
print({1: r})
print({r})
print(repr([[r]]))
