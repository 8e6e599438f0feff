# topic: arithmetic - inf, nan and negative zero: repr, comparisons, arithmetic
inf = float('inf')
nan = float('nan')
print(inf, -inf, nan, repr(nan))
print(inf + 1, inf - inf, inf * 0, -inf < 0 < inf)
print(nan == nan, nan != nan, nan is nan, [nan] == [nan])
print(-0.0, 0.0 == -0.0, str(-0.0), abs(-0.0))
print(float('-inf'), float('Infinity'), float('NaN'), float('  -nan '))
print(1e308 * 10, -1e308 * 10)
print(inf > 10 ** 400, max(1, inf), min(-inf, 3))
import math
print(math.isinf(inf), math.isnan(nan), math.isfinite(1.0), math.isfinite(inf))
print(math.copysign(1, -0.0), math.inf, -math.inf, math.nan)
try:
    int(inf)
except OverflowError as e:
    print('OverflowError:', e)
try:
    int(nan)
except ValueError as e:
    print('ValueError:', e)
print(round(2.5), round(-0.5), round(0.5), round(1.5))
