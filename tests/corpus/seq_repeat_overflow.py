# sequence * n takes n with PyNumber_AsSsize_t(n, OverflowError): past a Py_ssize_t,
# either way, it is an OverflowError naming the count's type.
from operator import mul, imul

class BigInt(int):
    pass

for seq in ([1], (1,), "a", b"a", bytearray(b"a")):
    for count in (2**100, -(2**100), BigInt(2**70)):
        for op in (mul, lambda s, c: c * s, imul):
            try:
                op(seq, count)
            except (OverflowError, MemoryError) as e:
                print(type(seq).__name__, type(e).__name__, e)
print([1] * -(2**62) == [], "ab" * 0)
