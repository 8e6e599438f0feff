# topic: numbers - the numeric tower's ABCs: int, float, complex, Decimal and Fraction registered or derived
import gc
import sys
import numbers
from decimal import Decimal
from fractions import Fraction

# (the model's abc is Python, not the C _abc: its caches allocate other counts than
# CPython's, so the lesson starts from a collection, away from the next automatic one)
gc.collect()
print(type(Fraction).__name__, [c.__name__ for c in Fraction.__mro__], sys.getsizeof(Fraction))
half = Fraction(1, 2)
print(half, half + 1, half * Fraction(2, 3), float(half), half.real, half.imag, half.conjugate(), complex(half))
for x in [3, True, 2.5, 1j, Decimal('1.5'), half]:
    print(type(x).__name__, [isinstance(x, t) for t in (numbers.Number, numbers.Complex, numbers.Real,
                                                         numbers.Rational, numbers.Integral)])
print(Fraction(Decimal('1.5')), Fraction('2/6'), round(Fraction(7, 2)), divmod(Fraction(7, 2), 1))
print(sys.getsizeof(half), gc.is_tracked(half), hash(half) == hash(0.5), Decimal(1) == half * 2)
print(issubclass(int, numbers.Integral), issubclass(bool, numbers.Rational), issubclass(Decimal, numbers.Real))


class Meters(numbers.Real):
    pass


try:
    Meters()
except TypeError as e:
    print(str(e).split(' with ')[0], len(Meters.__abstractmethods__))
numbers.Integral.register(Decimal)
print(isinstance(Decimal(3), numbers.Rational), isinstance(Decimal(3), numbers.Real))
