# topic: builtins - int() parsing: whitespace, signs, underscores, bases, floats and the ValueError messages
print(int('42'), int('  -7  '), int('+3'), int('1_000_000'), int('007'))
print(int('ff', 16), int('0xff', 16), int('0xff', 0), int('0o17', 0), int('0b101', 0), int('z', 36))
print(int('101', 2), int('777', 8), int(' 1A ', 16))
print(int(3.99), int(-3.99), int(True), int(2 ** 70 + 0.0) == 2 ** 70, int())
for text in ['abc', '', '1.5', '1 2', '0x10', '_1', '1__0', ' ', '12a']:
    try:
        int(text)
    except ValueError as e:
        print('ValueError:', e)
try:
    int('9', 8)
except ValueError as e:
    print('ValueError:', e)
try:
    int('10', 1)
except ValueError as e:
    print('ValueError:', e)
try:
    int(None)
except TypeError as e:
    print('TypeError:', e)
try:
    int([1])
except TypeError as e:
    print('TypeError:', e)
try:
    int(5, 10)
except TypeError as e:
    print('TypeError:', e)
