# Comparisons that run Python code while a list or tuple is being read: CPython re-reads the
# size and the items at every step (a list may change under it), and holds a list's item (not
# a tuple's) while __eq__ runs on it.
import sys

xs = []


class Clearing:
    def __init__(self, n):
        self.n = n

    def __eq__(self, other):
        print("eq", self.n, "refs", sys.getrefcount(self))
        xs.clear()
        return False

    __hash__ = None


xs.extend([Clearing(1), Clearing(2), Clearing(3)])
print(5 in xs, len(xs))
ys = [Clearing(4), Clearing(5)]
xs.extend([Clearing(6), Clearing(7)])
print(xs == ys, xs != ys, len(xs))
xs.extend([Clearing(8), Clearing(9)])
print(xs < [Clearing(10), Clearing(11), 12], len(xs))


class Loud:
    def __init__(self, n):
        self.n = n

    def __eq__(self, other):
        print("eq", self.n, "refs", sys.getrefcount(self))
        return self.n == getattr(other, "n", other)

    __hash__ = None


# a tuple compares items before sizes, and never holds them
print((Loud(1), Loud(2)) == (Loud(1),))
print((Loud(1), Loud(2)) != (Loud(1), Loud(2), 3))
print([Loud(1), Loud(2)] == [Loud(1)])
t = (Loud(1), Loud(2))
print(2 in t, 3 in t)
lst = [Loud(1), Loud(2)]
print(2 in lst)

# indexing, reading in place
big = list(range(1000))
tup = tuple(big)
print(big[0], big[-1], big[500], tup[-2], big[998:], tup[::400], big[-3:-1])
for bad in (1000, -1001):
    try:
        big[bad]
    except IndexError as e:
        print("IndexError:", e)
    try:
        tup[bad]
    except IndexError as e:
        print("IndexError:", e)
print(hash((1, "a", (2, 3))) == hash((1, "a", (2, 3))))
