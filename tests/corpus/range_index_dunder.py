# range_subscript takes any object with __index__ (`_PyIndex_Check`, then PyNumber_Index).
class Pos:
    def __init__(self, i):
        self.i = i

    def __index__(self):
        return self.i


r = range(10, 50, 5)
print(r[Pos(3)], r[Pos(-1)], r[True])
print(range(2**70)[Pos(2)])
try:
    r[Pos(100)]
except IndexError as e:
    print("IndexError:", e)
try:
    r[1.5]
except TypeError as e:
    print("TypeError:", e)


class Bad:
    def __index__(self):
        return "x"


try:
    r[Bad()]
except TypeError as e:
    print("TypeError:", e)
