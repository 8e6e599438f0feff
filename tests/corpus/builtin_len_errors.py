# topic: builtins - len() of every container type, __len__ results, and the TypeError for objects without len
print(len('abc'), len([1, 2]), len((1,)), len({1: 2}), len({1, 2, 3}), len(range(10)), len(range(0, 10, 3)), len(b'xy'), len(''))
print(len(range(10, 0)), len(range(-5, 5, 2)), len({}.keys()), len(frozenset([1, 1])))
class Sized:
    def __len__(self):
        return 7
print(len(Sized()))
for obj in [5, 3.5, None, len, iter([]), (x for x in [])]:
    try:
        len(obj)
    except TypeError as e:
        print('TypeError:', e)
class BigLen:
    def __len__(self):
        return 2 ** 70
try:
    len(BigLen())
except OverflowError as e:
    print('OverflowError:', e)
class StrLen:
    def __len__(self):
        return '3'
try:
    len(StrLen())
except TypeError as e:
    print('TypeError:', e)
