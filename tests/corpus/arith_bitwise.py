# topic: arithmetic - bitwise operators on ints, shifts, negative numbers, bit_length and bit_count
a, b = 0b1100, 0b1010
print(a & b, a | b, a ^ b, ~a, a << 2, a >> 2)
print(-1 >> 10, -16 >> 2, -1 << 4, 1 << 100)
print(bin(a & b), bin(a | b), bin(~a), bin(-5))
print((255).bit_length(), (256).bit_length(), (-256).bit_length(), (0).bit_length())
print((255).bit_count(), (-7).bit_count())
print(0xff & -0x10, -12 & 0xf, -12 | 3, -12 ^ 3)
print(5 & True, 1 << True)
try:
    1 << -1
except ValueError as e:
    print('ValueError:', e)
try:
    1.0 << 1
except TypeError as e:
    print('TypeError:', e)
try:
    1 & 1.5
except TypeError as e:
    print('TypeError:', e)
flags = 0
for bit in (1, 4, 6):
    flags |= 1 << bit
print(flags, bin(flags), [i for i in range(8) if flags >> i & 1])
