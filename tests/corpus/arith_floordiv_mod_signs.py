# topic: arithmetic - floor division and modulo follow the sign of the divisor (ints and floats)
for a, b in [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (6, 3), (-6, 3)]:
    print(a, b, a // b, a % b, divmod(a, b))
for a, b in [(7.5, 2), (-7.5, 2), (7.5, -2), (-7.5, -2.0), (1.0, 0.3)]:
    print(a, b, a // b, a % b, divmod(a, b))
print(-0.0 % 5, 0.0 % -5, -1 % 1e100 == 1e100)
print(5 // 0.5, -5 // 0.5, 2 ** 31 // -1)
