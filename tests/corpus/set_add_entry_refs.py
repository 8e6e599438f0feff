# topic: sets - set_add_entry takes the set's reference to a key before comparing it with equal-hash entries (an __eq__ sees it held once more); lookups and removals compare it borrowed (set operators: no method call)
import sys


class K:
    def __init__(self, n):
        self.n = n

    def __hash__(self):
        return self.n

    def __eq__(self, other):
        print("eq", sys.getrefcount(self), sys.getrefcount(other))
        return self.n == other.n


a = K(1)
s = {a, K(1)}
b = K(1)
s |= {b}
print(b in s, K(1) in s)
s -= {K(1)}
t = set([K(2), K(2)])
t |= {K(2)}
u = {K(3)} | {K(3)}
f = frozenset([K(4), K(4)])
print(len(s), len(t), len(u), len(f))
