# bytes and bytearray: padding, zfill, expandtabs (Objects/stringlib/transmogrify.h).
# An exact bytes that needs no padding is returned itself; a bytearray is always a copy.
import sys

b = b"abc"
for name in ("center", "ljust", "rjust"):
    f = getattr(b, name)
    print(name, f(7), f(7, b"*"), f(8, b"-"), f(2) is b, f(3) is b, f(-5) is b)
    ba = bytearray(b)
    g = getattr(ba, name)
    print(name, g(7, b"."), g(2) is ba, g(2) == ba, type(g(2)).__name__)
print(b"abc".center(6, b"*"), b"ab".center(5, b"*"), b"ab".center(6, b"*"), b"".center(3))
print(b"12".zfill(5), b"-12".zfill(5), b"+1".zfill(4), b"-".zfill(3), b"".zfill(2))
x = b"123"
print(x.zfill(3) is x, bytearray(x).zfill(3) is x, bytearray(b"-7").zfill(4))
print(b"a\tbc\td".expandtabs(), b"a\tb".expandtabs(4), b"a\r\tb\n\tc".expandtabs(3))
print(b"a\tb".expandtabs(0), b"a\tb".expandtabs(-1), b"a\tb".expandtabs(tabsize=2))
y = b"no tabs"
print(y.expandtabs() is y, y.expandtabs() == y, bytearray(b"\t").expandtabs(2))
e = b"".expandtabs()
print(e == b"", len(e))
for call in (
    lambda: b"a".center(),
    lambda: b"a".center(5, b"ab"),
    lambda: b"a".center(5, "x"),
    lambda: b"a".center(5, 3),
    lambda: b"a".ljust("5"),
    lambda: b"a".rjust(5.0),
    lambda: b"a".rjust(2**63),
    lambda: b"a".zfill(),
    lambda: b"a".zfill(1, 2),
    lambda: b"a".expandtabs(2**40),
    lambda: b"a".expandtabs("x"),
    lambda: b"a".expandtabs(1, 2),
    lambda: b"a".ljust(width=3),
    lambda: bytearray(b"a").center(3, bytearray(b"xy")),
):
    try:
        print(repr(call()))
    except Exception as e:
        print(type(e).__name__, e)
print(b"a".center(4, bytearray(b"#")))
try:
    b"x".ljust(10**12)
except MemoryError:
    print("MemoryError")
