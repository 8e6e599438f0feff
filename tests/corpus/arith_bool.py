# topic: arithmetic - bool is a subclass of int: True + True, sums of comparisons, bitwise ops on bools
print(True + True, True * 10, False - 1, True / 2, -True, ~True)
print(sum([True, False, True, True]), sum(x > 2 for x in [1, 2, 3, 4, 5]))
print(True & False, True | False, True ^ True, type(True & False).__name__, type(True + False).__name__)
print(isinstance(True, int), issubclass(bool, int), bool.__mro__)
print(True == 1, False == 0, True is 1 == 1, hash(True) == hash(1))
print(int(True), float(False), str(True), repr(False))
print(bool(0), bool(1), bool(-1), bool(0.0), bool(''), bool('0'), bool([]), bool([0]), bool(None))
d = {1: 'int one'}
d[True] = 'bool one'
print(d)
print(True + 0.5, divmod(True, 2), True ** 0, 3 * False)
print(not 0, not 'x', not not [])
print(True and 5, False or 'fallback', 0 and 1 / 0, 1 or 1 / 0)
