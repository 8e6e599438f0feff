# bytearray over-allocation (PyByteArray_Resize in 3.11): getsizeof is 56 + ob_alloc, and
# ob_alloc depends on how the bytes arrived.
import sys

b = bytearray()
seen = []
for i in range(30):
    b.append(i)
    seen.append((len(b), sys.getsizeof(b)))
print(seen)

b = bytearray(b"abc")
print(b.__alloc__(), sys.getsizeof(b), sys.getsizeof(bytearray()))
b.extend(b"de")
print(b.__alloc__())
b += b"xyz" * 10
print(b.__alloc__(), len(b))
b.clear()
print(b.__alloc__(), sys.getsizeof(b))

# an iterator appends one byte at a time; a list or tuple is sized at once
print(bytearray(range(10)).__alloc__(), bytearray(x for x in range(10)).__alloc__())
print(bytearray([1, 2, 3, 4, 5]).__alloc__(), bytearray((1, 2, 3)).__alloc__())
print(bytearray([True, 2, 3]).__alloc__(), bytearray(10).__alloc__())

# extend from an iterable goes through a temporary bytearray
b = bytearray(10)
b.extend(range(5))
print(b.__alloc__())
b.extend(x for x in range(5))
print(b.__alloc__())
b.extend([1] * 100)
print(b.__alloc__(), len(b))

# deleting at the front moves the start; the buffer is reused until it must grow
del b[:50]
print(b.__alloc__(), len(b))
b.append(3)
print(b.__alloc__())
b = bytearray(b"x" * 20)
b.pop()
print(b.__alloc__())
b[0:15] = b""
print(b.__alloc__(), len(b))
b = bytearray(b"abcdefgh")
del b[0]
print(b.__alloc__())
del b[::2]
print(b.__alloc__(), b)

# new bytearrays are exact: copies, slices, products, concatenations
b = bytearray(b"ab") * 3
print(b.__alloc__())
b *= 4
print(b.__alloc__(), b.copy().__alloc__(), (b + b"1").__alloc__(), b[1:5].__alloc__())
b = bytearray(b"abc")
b.insert(0, 1)
print(b.__alloc__())
b.remove(1)
print(b.__alloc__())
b[1:1] = b"xxxxxx"
print(b.__alloc__(), b)
b.__init__(b"xy")
print(b.__alloc__(), b)
b.extend(b)
print(b.__alloc__(), b)
try:
    b += b
except BufferError as e:
    print("BufferError:", e)


class Buf(bytearray):
    pass


x = Buf(b"abc")
print(x.__alloc__(), sys.getsizeof(x))
x.append(1)
print(x.__alloc__(), sys.getsizeof(x))
