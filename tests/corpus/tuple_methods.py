# topic: tuples - count/index, concatenation, repetition, comparison, immutability errors, hashing
t = (1, 2, 3, 2, 1)
print(t.count(2), t.index(3), t.index(1, 1), t + (4,), t * 2, (0,) * 3, t[1:3], len(t), 2 in t)
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 99), () < (0,), (1, 2) == (1, 2), (1,) == [1])
print(tuple(), tuple('ab'), tuple([1, 2]), tuple(range(3)), tuple({1: 2}), (1), (1,), type((1)).__name__)
try:
    t.index(9)
except ValueError as e:
    print('ValueError:', e)
try:
    t[0] = 5
except TypeError as e:
    print('TypeError:', e)
try:
    t.append(4)
except AttributeError as e:
    print('AttributeError:', e)
try:
    t + [4]
except TypeError as e:
    print('TypeError:', e)
try:
    t[10]
except IndexError as e:
    print('IndexError:', e)
try:
    del t[0]
except TypeError as e:
    print('TypeError:', e)
print(hash((1, 2)) == hash((1, 2)), hash((1, (2, 3))) == hash((1, (2, 3))))
try:
    hash((1, [2]))
except TypeError as e:
    print('TypeError:', e)
