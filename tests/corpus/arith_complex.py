# topic: arithmetic - complex numbers: literals, arithmetic, abs, conjugate, repr, parts
z = 3 + 4j
w = 1 - 2j
print(z, w, z + w, z - w, z * w, z / w)
print(abs(z), z.real, z.imag, z.conjugate())
print(1j * 1j, 1j ** 2, (1 + 1j) ** 2)
print(complex(1, 2), complex('3+4j'), complex(2), complex(0, -1))
print(repr(2j), repr(-2j), repr(0j), repr(complex(-0.0, 0)), 1 + 0j)
print(z == 3 + 4j, z == complex(3, 4), 2 + 0j == 2)
print(type(z).__name__, isinstance(z, complex))
print(complex(1.5, -2.5), (2 + 3j) * 2, (2 + 3j) / 2)
try:
    z < w
except TypeError as e:
    print('TypeError:', e)
try:
    z // 2
except TypeError as e:
    print('TypeError:', e)
try:
    (1 + 1j) / 0
except ZeroDivisionError as e:
    print('ZeroDivisionError:', e)
