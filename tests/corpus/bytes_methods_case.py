# bytes and bytearray: ASCII case maps and predicates (Objects/bytes_methods.c), translate
# and maketrans (Objects/bytesobject.c), bytearray's insert/remove/reverse
# (Objects/bytearrayobject.c), __bytes__, __getnewargs__.
import sys

for v in (b"hello wORLD 42", b"", b"\xe9t\xe9 ok", b"ABC", b"abc", b"Title Case", b"  ", b"\t\n\x0b\x0c\r ", b"a1", b"3rd-class"):
    print(v, v.capitalize(), v.title(), v.swapcase(),
          v.isalnum(), v.isascii(), v.islower(), v.isupper(), v.isspace(), v.istitle())
ba = bytearray(b"mIxEd")
print(ba.capitalize(), ba.title(), ba.swapcase(), ba.isupper(), ba.istitle(), ba.capitalize() is ba)
z = b"keep"
print(z.capitalize() is z, z.swapcase() == b"KEEP", b"".title() == b"")
for call in (lambda: z.title(1), lambda: z.isalnum(1), lambda: z.swapcase(x=1)):
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)

table = bytes.maketrans(b"abc", b"xyz")
print(len(table), table[97:100], type(table).__name__, bytearray.maketrans(b"a", b"b")[97])
print(b"aabbcc".translate(table), b"aabbcc".translate(table, b"b"), b"aabbcc".translate(None, b"ac"))
print(b"abc".translate(None, delete=b"b"), bytearray(b"abc").translate(table))
same = b"qqq"
print(same.translate(table) is same, same.translate(None) is same, same.translate(None, b"") is same,
      same.translate(None, b"z") is same, bytearray(same).translate(None) is same)
for call in (
    lambda: bytes.maketrans(b"ab", b"c"),
    lambda: bytes.maketrans("a", b"b"),
    lambda: bytes.maketrans(b"a"),
    lambda: b"x".translate(b"short"),
    lambda: b"x".translate("s" * 256),
    lambda: b"x".translate(table, "b"),
    lambda: b"x".translate(),
):
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)

a = bytearray(b"bcd")
a.insert(0, 97)
a.insert(100, 101)
a.insert(-1, 33)
a.insert(-100, 62)
print(a)
a.remove(33)
a.remove(ord("e"))
print(a)
a.reverse()
print(a, a.reverse(), a)
for call in (lambda: a.insert(0, 256), lambda: a.insert(0, b"x"), lambda: a.insert(0), lambda: a.remove(122),
             lambda: a.remove(b"a"), lambda: a.remove(-1), lambda: a.insert("0", 1), lambda: a.reverse(1)):
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)
print(a)

c = b"coerce"
print(c.__bytes__() is c, c.__getnewargs__(), c.__getnewargs__()[0] is c, bytes(c) is c)
print(type(bytearray(b"x").__alloc__()).__name__)
