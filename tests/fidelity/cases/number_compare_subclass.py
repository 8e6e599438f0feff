# COMPARE_OP on numbers: an int or float subclass that defines a comparison runs it
# (slot_tp_richcompare), also once the code is warm and the site has specialised for exact
# ints or floats; one that defines none compares as its base; bool compares as int.


class Backwards(int):
    def __lt__(self, other):
        print("Backwards.__lt__", int(self), int(other))
        return int(self) > int(other)

    def __gt__(self, other):
        print("Backwards.__gt__", int(self), int(other))
        return int(self) < int(other)


class Plain(int):
    pass


class Loud(float):
    def __eq__(self, other):
        print("Loud.__eq__", float(self), float(other))
        return "equal?"

    __hash__ = float.__hash__


class Right(int):
    def __gt__(self, other):
        print("Right.__gt__", int(self), int(other))
        return "reflected"


def lt(a, b):
    return a < b


def eq(a, b):
    return a == b


# warm the sites on exact ints and floats first
for i in range(12):
    lt(i, 6)
    eq(1.5 * i, 3.0)

print(lt(Backwards(5), Backwards(3)))
print(lt(Backwards(3), 5))
print(lt(7, Backwards(3)))
print(lt(Plain(2), Plain(9)), lt(Plain(9), 2), lt(True, 2), lt(False, True))
print(eq(Loud(2.5), Loud(2.5)))
print(eq(2.5, Loud(2.5)))
print(eq(Loud(1.0), 1))
print(lt(Right(1), 5), lt(5, Right(1)))

# back to exact numbers at the same sites
total = 0
for i in range(12):
    total += lt(i, 6) + eq(1.5 * i, 3.0)
print(total)

# direct, in a loop the module runs
hits = []
for x in [3, Backwards(4), 5.0, Loud(5.0), Plain(6)]:
    hits.append(x < 5 if not isinstance(x, float) else x == 5.0)
print(hits)
