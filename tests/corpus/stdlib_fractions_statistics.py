# topic: fractions and statistics - exact rationals, and the mean/median/stdev of data
from fractions import Fraction
import statistics

print(Fraction(3, 4), repr(Fraction('1.5')), Fraction(' -2/6 '), Fraction(0.1), Fraction(7, -14))
print(Fraction(1, 3) + Fraction(5, 7), Fraction(1, 3) * 3, Fraction(1, 3) / Fraction(5, 7), Fraction(1, 3) ** -2)
print(Fraction(1, 3) + 0.5, Fraction(1, 2) == 0.5, hash(Fraction(1, 2)) == hash(0.5), round(Fraction(7, 2)))
print(Fraction(3.14159).limit_denominator(100), sum(Fraction(1, n) for n in range(1, 6)), float(Fraction(1, 8)))
data = [2.75, 1.75, 1.25, 0.25, 0.5, 1.25, 3.5]
print(statistics.mean(data), statistics.median(data), statistics.variance(data))
print(statistics.stdev(data), statistics.pstdev(data), statistics.mode([1, 2, 2, 3]))
print(statistics.mean([1, 2, 3, 4, 4]), statistics.median([1, 2, 3, 4]), statistics.quantiles(range(1, 11)))
print(statistics.mean([Fraction(1, 2), Fraction(3, 4)]), statistics.multimode('aabbc'), statistics.fmean([1, 2, 4]))
try:
    statistics.mean([])
except statistics.StatisticsError as e:
    print(type(e).__name__, e)
