# topic: arithmetic - ** and pow(): negative exponents give floats, three-argument pow, 0**0, precedence
print(2 ** 10, 2 ** -1, 2 ** -2, (-2) ** 3, -2 ** 2, (-2) ** 2)
print(0 ** 0, 0.0 ** 0, 1 ** -5, 10 ** 0)
print(pow(2, 10), pow(2, 10, 1000), pow(3, 200, 7), pow(-3, 3, 5))
print(pow(3, -1, 7), pow(38, -1, 97))
print(2 ** 0.5, 4 ** 0.5, 8 ** (1 / 3))
print(2.0 ** 3, 1.5 ** 2, (-8) ** 2.0)
print(2 ** 3 ** 2, (2 ** 3) ** 2)
print(type(2 ** 2), type(2 ** -2), type(2.0 ** 2))
try:
    pow(2, 3, 0)
except ValueError as e:
    print('ValueError:', e)
try:
    0 ** -1
except ZeroDivisionError as e:
    print('ZeroDivisionError:', e)
try:
    0.0 ** -1
except ZeroDivisionError as e:
    print('ZeroDivisionError:', e)
try:
    pow(2, -1, 4)
except ValueError as e:
    print('ValueError:', e)
print((-8) ** (1 / 3))
