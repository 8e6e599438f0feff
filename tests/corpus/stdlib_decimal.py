# topic: decimal - exact decimal arithmetic, contexts and rounding, and the signals it traps
from decimal import Decimal, getcontext, localcontext, ROUND_HALF_UP, ROUND_FLOOR
import decimal

price = Decimal('19.99')
qty = Decimal(3)
total = price * qty
print(total, repr(total), Decimal(0.1), Decimal((1, (2, 5), -1)))
print(Decimal('0.1') + Decimal('0.2') == Decimal('0.3'), 0.1 + 0.2 == 0.3)
print(Decimal('2.675').quantize(Decimal('0.01')), Decimal('2.675').quantize(Decimal('0.01'), rounding=ROUND_HALF_UP))
print(round(Decimal('7.5')), round(Decimal('-7.25'), 1), int(Decimal('-7.9')), float(Decimal('1.25')))
print(Decimal(7) // Decimal(-2), Decimal(7) % Decimal(-2), divmod(Decimal('7.5'), 2), Decimal(2) ** 64)
print(Decimal(1) == 1, Decimal('0.5') == 0.5, hash(Decimal('0.5')) == hash(0.5), hash(Decimal(12)) == hash(12))
print(sorted([Decimal('1.10'), 1, 0.5, Decimal('-3')]), max(Decimal('1.0'), Decimal('1.00')))
print(Decimal('123.4500').normalize(), Decimal('-0.00'), Decimal('1E+3') + 0, Decimal('123.456').as_tuple())
print(f"{Decimal('1234567.891'):,.2f} {Decimal('0.000123'):e} {Decimal('42'):>8}|")
print(getcontext())
getcontext().prec = 6
print(Decimal(1) / Decimal(7), Decimal(2).sqrt(), Decimal(10).ln())
with localcontext() as ctx:
    ctx.prec = 40
    ctx.rounding = ROUND_FLOOR
    print(Decimal(2).sqrt(), ctx.prec)
print(getcontext().prec, Decimal(1) / 3)
for bad in ("Decimal('1.5x')", "Decimal(1) / 0", "Decimal(0) / 0", "Decimal('1') + 1.5", "Decimal([1, 2])"):
    try:
        eval(bad)
    except (ArithmeticError, TypeError, ValueError) as e:
        print(type(e).__name__, e, isinstance(e, decimal.DecimalException))
ctx = getcontext()
ctx.traps[decimal.DivisionByZero] = False
print(Decimal(-1) / 0, ctx.flags[decimal.DivisionByZero], ctx)
ctx.clear_flags()
ctx.traps[decimal.FloatOperation] = True
try:
    Decimal(1) < 1.5
except decimal.FloatOperation as e:
    print(repr(e))
from fractions import Fraction
print(Fraction(Decimal('1.25')), Fraction.from_decimal(Decimal('-0.5')), Decimal('0.75') == Fraction(3, 4))
print(complex(Decimal('1.5')), Decimal('3.14').as_integer_ratio(), decimal.MAX_PREC, type(ctx).__name__)
