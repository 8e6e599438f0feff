# topic: floats - repr shows the shortest round-tripping digits; arithmetic error and rounding with format
values = [0.1, 0.2, 0.3, 0.1 + 0.2, 1 / 3, 2 / 3, 1.1 * 1.1, 100 * 1.1, 0.1 * 3, 1e-7, 123456789.123456789, 5e-324, 1.7976931348623157e308]
for v in values:
    print(repr(v), str(v), f'{v:.3f}', f'{v:g}', round(v, 2))
print(0.1 + 0.7, 4.35 * 100, 1.0 - 0.9, 3 * 1.1, 1.15 * 100, 0.57 * 100)
print(sum([0.1] * 3), 0.1 * 3 == 0.3, abs(0.1 * 3 - 0.3) < 1e-9)
print(float(1 / 7), 10 / 3, -10 / 3, 2.675, 1e22, 1e21, 1.0e-4, 123e-2)
print(int(0.1 * 3 * 10), int(2.9999999999999996), 0.1 + 0.2 - 0.3)
