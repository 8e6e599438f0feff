# topic: builtins - hex/oct/bin, their negative forms, format codes with '#', and int() round trips
for n in [0, 1, 10, 255, 256, -1, -255, 2 ** 40]:
    print(n, hex(n), oct(n), bin(n))
print(format(255, 'x'), format(255, 'X'), format(255, '#x'), format(255, '#o'), format(255, '#b'))
print(format(5, '08b'), format(255, '#06x'), format(-5, 'b'), f'{10:#X}', f'{1234:_x}', f'{2**20:_b}')
print(int(hex(1234), 16), int(oct(1234), 8), int(bin(1234), 2), int(bin(-9), 0))
print(0x10, 0o10, 0b10, 0XAB, 1_0)
try:
    hex(1.5)
except TypeError as e:
    print('TypeError:', e)
try:
    bin('5')
except TypeError as e:
    print('TypeError:', e)
