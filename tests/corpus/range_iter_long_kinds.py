# iter(range(...)) is a range_iterator over C longs only when start, stop and step are C longs,
# the length fits in one and start + len*step cannot overflow (range_iter); otherwise a
# longrange_iterator over ints. reversed(range(...)) has its own test (range_reverse).
import sys
M = sys.maxsize
cases = [range(10), range(0, M, 2), range(0, M - 1, 2), range(-M - 1, 0), range(-M - 1, -M + 5),
         range(5, -M - 1, -1), range(5, -M + 1, -2), range(M, M - 10, -1), range(-M - 1, -M - 1),
         range(2**70, 2**70 + 3)]
for r in cases:
    it, rev = iter(r), reversed(r)
    print(type(it).__name__, type(rev).__name__, it.__length_hint__(), sys.getsizeof(it))
big = iter(range(2**64, 2**64 + 9, 4))
print(next(big) - 2**64, big.__length_hint__(), list(big)[-1] - 2**64, type(big).__name__)
print(type(big).__iter__, type(big).__reduce__(big)[2])
