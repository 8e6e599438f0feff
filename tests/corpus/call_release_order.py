# topic: calls - CALL releases the callable first, then the arguments left to right, so temporaries die in that order; a match statement copies the subject for every case but the last refutable one
class T:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        print("del", self.n)


def f(*a, **k):
    pass


class C:
    def m(self, *a):
        pass

    def __del__(self):
        print("del C")


f(T(1), T(2))
f(T(3), k=T(4))
C().m(T(5), T(6))
print(len([T(7), T(8)]))
isinstance(T(9), T)
(lambda *a: None)(T(10), T(11))
getattr(T(12), "n", T(13))
print(type(T(14)) is not None, isinstance(T(15), (T, int)))
T(16).__eq__(T(17))


import sys


class V:
    def __eq__(self, other):
        print("eq sees", sys.getrefcount(self))
        return False


for subject in [V()]:
    match subject:
        case 1:
            print("one")
        case 2:
            print("two")
        case _:
            print("default sees", sys.getrefcount(subject))

