# Sequence repetition and concatenation are the sq_repeat / sq_concat slots that
# PyNumber_Multiply / PyNumber_Add try after both nb_* slots declined; the count is
# taken through __index__; a class over a builtin sequence that defines __add__ (or
# __mul__ / __rmul__) in Python has the sq slot cleared.
import operator

class Count:
    def __init__(self, n):
        self.n = n
    def __index__(self):
        return self.n

print(Count(2) * [1], [1] * Count(3), "ab" * Count(2), Count(2) * (1, 2), b"x" * Count(3))
l = [1, 2]
l2 = l
l *= Count(2)
print(l, l is l2)
ba = bytearray(b"ab")
ba2 = ba
ba *= Count(2)
print(ba, ba is ba2)
for f in (lambda: operator.imul(Count(2), [1]), lambda: [1] * object(), lambda: object() * [1],
          lambda: "a" * Count(-(2**100))):
    try:
        print(f())
    except (TypeError, OverflowError) as e:
        print(type(e).__name__, e)

class RepeatList(list):
    pass

for method, operation in (("__mul__", lambda v: v * 2), ("__rmul__", lambda v: 2 * v)):
    value = RepeatList([1])
    print(operation(value))
    setattr(RepeatList, method, lambda self, other: NotImplemented)
    try:
        print(operation(value))
    except TypeError as e:
        print("TypeError", e)
    delattr(RepeatList, method)
    print(operation(value))

class Cat(list):
    def __add__(self, o):
        return NotImplemented

try:
    print(Cat([1]) + [2])
except TypeError as e:
    print("TypeError", e)
print([2] + Cat([1]))

class T(tuple):
    def __mul__(self, o):
        return NotImplemented

for f in (lambda: T((1,)) * 2, lambda: 2 * T((1,)), lambda: T((1,)).__rmul__(3)):
    try:
        print(f())
    except TypeError as e:
        print("TypeError", e)
