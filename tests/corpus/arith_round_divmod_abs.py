# topic: builtins - round (banker's rounding, ndigits, negative ndigits), divmod, abs on every numeric type
print(round(0.5), round(1.5), round(2.5), round(3.5), round(-2.5))
print(round(2.675, 2), round(1.005, 2), round(3.14159, 3), round(3.14159, 0))
print(round(1234.5678, -2), round(1234, -2), round(1250, -2), round(1350, -2), round(-1250, -2))
print(round(7), round(7.0), type(round(7.4)).__name__, type(round(7.4, 1)).__name__)
print(round(0.1 + 0.2, 10), round(1e20), round(-0.4))
print(divmod(17, 5), divmod(-17, 5), divmod(17.5, 5), divmod(-17, -5))
print(abs(-5), abs(5), abs(-5.5), abs(3 - 4j), abs(-0), abs(True))
print(abs(-2 ** 80))
try:
    divmod(1, 0)
except ZeroDivisionError as e:
    print('ZeroDivisionError:', e)
try:
    divmod(1.0, 0)
except ZeroDivisionError as e:
    print('ZeroDivisionError:', e)
try:
    round('1.5')
except TypeError as e:
    print('TypeError:', e)
try:
    abs('x')
except TypeError as e:
    print('TypeError:', e)
