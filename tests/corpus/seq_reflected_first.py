# str/bytes/tuple/list have no nb_add or nb_multiply: a + b tries the right operand's
# __radd__ (its nb_add) before the left one's sq_concat; 2 * s tries s.__rmul__ before
# the repetition.
import operator

class Reflected:
    def __init__(self, result):
        self.calls = 0
        self.result = result
    def __radd__(self, other):
        self.calls += 1
        return self.result
    def __rmul__(self, other):
        self.calls += 1
        return self.result

for base, left in ((str, "a"), (bytes, b"a"), (tuple, (1,)), (list, [1]), (bytearray, b"a")):
    class Native(base):
        pass

    class ReflectedSequence(base):
        calls = 0
        def __radd__(self, other):
            self.calls += 1
            return NotImplemented
        def __rmul__(self, other):
            self.calls += 1
            return NotImplemented

    other = ReflectedSequence(left)
    print(base.__name__, operator.add(Native(left), other), other.calls)
    r = Reflected("reflected")
    print(operator.add(Native(left), r), r.calls)
    other = ReflectedSequence(left)
    try:
        print(operator.mul(2, other))
    except TypeError as e:
        print("TypeError", e)
    print(other.calls)

class ListSub(list):
    def __radd__(self, other):
        return "radd"

print([1] + ListSub([2]))
