# topic: math - common math functions: sqrt, floor/ceil/trunc, gcd/lcm, factorial, comb/perm, log, isclose, hypot
import math
print(math.sqrt(16), math.sqrt(2), math.isqrt(17), math.pi, math.e, math.tau)
print(math.floor(2.7), math.floor(-2.7), math.ceil(2.1), math.ceil(-2.1), math.trunc(-2.7))
print(type(math.floor(2.5)).__name__, math.floor(10), math.ceil(10 ** 20 + 0.5))
print(math.gcd(12, 18), math.gcd(0, 5), math.gcd(-4, 6), math.lcm(4, 6), math.gcd(12, 18, 27))
print(math.factorial(10), math.factorial(25), math.comb(10, 3), math.perm(5, 2))
print(math.log(math.e), math.log(8, 2), math.log10(1000), math.log2(1024), math.log(100, 10))
print(math.exp(0), math.exp(1), math.pow(2, 10), math.fabs(-3))
print(math.isclose(0.1 + 0.2, 0.3), math.isclose(1.0, 1.1), math.isclose(1, 1.05, rel_tol=0.1))
print(math.hypot(3, 4), math.dist((0, 0), (3, 4)), math.fsum([0.1] * 10), sum([0.1] * 10))
print(math.sin(0), math.cos(0), math.degrees(math.pi), math.radians(180))
print(math.prod([1, 2, 3, 4]), math.prod([]), math.modf(3.25), math.fmod(-7, 3))
try:
    math.sqrt(-1)
except ValueError as e:
    print('ValueError:', e)
try:
    math.factorial(-1)
except ValueError as e:
    print('ValueError:', e)
try:
    math.log(0)
except ValueError as e:
    print('ValueError:', e)
