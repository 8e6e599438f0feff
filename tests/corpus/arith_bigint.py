# topic: arithmetic - arbitrary precision ints: powers, products, negation, str/repr of big values
a = 2 ** 100
b = 3 ** 70
print(a)
print(b)
print(a * b)
print(a + b, a - b)
print(-a // 7, -a % 7)
print(a // b, a % b)
f = 1
for i in range(1, 31):
    f *= i
print(f)
print(f // (2 ** 20), f % 1000003)
print(len(str(2 ** 1000)))
print(str(10 ** 40 - 1))
print((2 ** 64) - 1, -(2 ** 63))
print(a == 2 ** 100, a > b, a < -b)
print(abs(-a), a.bit_length(), (a - 1).bit_length())
print(int('123456789012345678901234567890') + 1)
print(hex(2 ** 70), oct(2 ** 40), bin(2 ** 33))
print(12345678901234567890 * 98765432109876543210)
