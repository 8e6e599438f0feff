# calliter_iternext: the sentinel is compared first (sentinel == result); when it matches,
# or the call raises StopIteration, the iterator clears its callable and its sentinel. An
# __eq__ that calls the same iterator again finds it already cleared.
import sys


class Marker:
    pass


def counter():
    n = 0

    def step():
        nonlocal n
        n += 1
        if n == 3:
            raise StopIteration
        return n

    return step


it = iter(counter(), 99)
print(list(it), list(it))
marker = Marker()
before = sys.getrefcount(marker)
it2 = iter(lambda: marker, marker)
print(sys.getrefcount(marker) - before, list(it2), sys.getrefcount(marker) - before)


class Reenter:
    entered = False
    it = None

    def __eq__(self, other):
        print("eq with", type(other).__name__)
        if not self.entered:
            self.entered = True
            print("inner", next(self.it, "stopped"))
        return True


value = Reenter()
sentinel = Marker()
outer = iter(lambda: value, sentinel)
value.it = outer
print("outer", next(outer, "stopped"), value.entered)
