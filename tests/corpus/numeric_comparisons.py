# topic: comparisons - chained comparisons, int/float/bool equality, mixed-type ordering errors
x = 5
print(1 < x < 10, 1 < x > 10, x == 5 == 5.0, 3 < x <= 5 != 6)
print(1 == 1.0, 1 == True, 0 == False, 2 == 2.0000000000000001, 10 ** 20 == 1e20)
print(2 ** 53 + 1 == float(2 ** 53 + 1), 2 ** 53 + 1 > float(2 ** 53))
print(0.1 * 3 > 0.3, -0.0 < 0.0, 1 != 1.0)
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], (1, 'a') < (1, 'b'), 'abc' < 'abd', 'Z' < 'a')
print(max(3, 7.5, 2), min(-1, -1.0), max(True, 0))
for a, b in [(1, 'a'), ('1', 1), ([1], (1,)), (None, 0), ({}, {})]:
    try:
        print(a < b)
    except TypeError as e:
        print('TypeError:', e)
print([1] == (1,), {1: 2} == {1: 2.0}, None == 0, 'a' == 'a')
