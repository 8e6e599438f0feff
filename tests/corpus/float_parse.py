# topic: builtins - float() parsing: exponents, whitespace, underscores, inf/nan spellings and ValueErrors
print(float('1e3'), float(' 2.5 '), float('-.5'), float('1_000.5'), float('+1E-2'), float('3'))
print(float('inf'), float('-Infinity'), float('nan'), float(7), float(True), float())
print(float('1.7976931348623157e308'), float('1e309'), float('4.9e-324'), float('1e-400'))
print(float('0.1'), float('.1e1'), float('10.'), float(2 ** 53 + 1))
for text in ['abc', '', '1,5', '1.2.3', '1e', 'in f', '--1', '0x10']:
    try:
        float(text)
    except ValueError as e:
        print('ValueError:', e)
try:
    float(None)
except TypeError as e:
    print('TypeError:', e)
try:
    float([1.0])
except TypeError as e:
    print('TypeError:', e)
try:
    float(10 ** 400)
except OverflowError as e:
    print('OverflowError:', e)
