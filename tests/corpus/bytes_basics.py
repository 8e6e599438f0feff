# topic: bytes - literals, indexing gives ints, slicing gives bytes, methods, bytearray mutation, hex
b = b'hello'
print(b, b[0], b[1:3], b[::-1], len(b), list(b[:2]), b + b' world', b * 2, b'l' in b, 104 in b)
print(b.upper(), b.split(b'l'), b.replace(b'l', b'L'), b.find(b'lo'), b.startswith(b'he'), b.hex(), bytes.fromhex('4142'))
print(bytes(3), bytes([65, 66, 67]), bytes('hé', 'utf-8'), bytes(range(3)), b'\x00\xff\n\'"')
ba = bytearray(b'abc')
ba[0] = 65
ba.append(100)
ba.extend(b'ef')
print(ba, len(ba), bytes(ba), ba.pop(), ba, ba.decode())
print(repr(b"it's"), repr(b'"'), b'a' < b'b', b'abc' == bytearray(b'abc'), b''.join([b'a', b'b']))
try:
    b[0] = 1
except TypeError as e:
    print('TypeError:', e)
try:
    bytes([256])
except ValueError as e:
    print('ValueError:', e)
try:
    b'a' + 'b'
except TypeError as e:
    print('TypeError:', e)
