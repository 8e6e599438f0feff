# zlib: checksums, and compress/decompress byte for byte as CPython's zlib 1.2.13 makes them
import zlib

s = b'witch which has which witches wrist watch'
t = zlib.compress(s)
print(len(s), len(t), t)
print(zlib.decompress(t) == s, zlib.crc32(s), zlib.adler32(s), zlib.crc32(s, 12345), zlib.adler32(b''))
text = ('Beautiful is better than ugly. Explicit is better than implicit. '
        'Simple is better than complex. Complex is better than complicated. ') * 20
data = text.encode()
for level in (1, 2, 3, 4, 5, 6, 7, 8, 9):
    c = zlib.compress(data, level)
    print(level, len(c), zlib.crc32(c), zlib.decompress(c) == data)
nums = bytes(range(256)) * 8 + bytes(i * 7 % 251 for i in range(3000))
for level in (0, 1, 6, 9):
    c = zlib.compress(nums[:2000] if level == 0 else nums, level)
    print(level, len(c), c[:12], zlib.adler32(c))
print(zlib.compress(b''), zlib.compress(b'a'), zlib.compress(b'aaaaaaaaaaaaaaaaaaaaaaaa', 9))
print(zlib.compress(b'hello hello hello', wbits=-15), zlib.compress(b'hello', wbits=31))
print(zlib.decompress(zlib.compress(b'raw', wbits=-9), -9), zlib.decompress(zlib.compress(b'gz', wbits=31), 47))
for bad in (b'xyz', zlib.compress(b'hello')[:-3], b'x\x9cK\x04\x00\x00b\x00c'):
    try:
        zlib.decompress(bad)
    except zlib.error as e:
        print('zlib.error:', e)
for args in ((b'x', 10), (b'x', 6, 16)):
    try:
        zlib.compress(*args)
    except zlib.error as e:
        print('zlib.error:', e)
try:
    zlib.crc32('text')
except TypeError as e:
    print('TypeError:', e)
print(zlib.MAX_WBITS, zlib.DEFLATED, zlib.Z_BEST_COMPRESSION, zlib.ZLIB_VERSION, zlib.error)
