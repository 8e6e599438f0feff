# bytes and bytearray: partition, split, strip, affixes (Objects/stringlib/partition.h,
# split.h; Objects/bytesobject.c). For an exact bytes, a part equal to the whole is the
# receiver itself and partition's middle is the separator object given.
import sys

b = b"key=value=more"
sep = b"="
p = b.partition(sep)
print(p, p[1] is sep, b.rpartition(sep), b.rpartition(sep)[1] is sep)
q = b.partition(b"#")
print(q, q[0] is b, q[1] is q[2], b.rpartition(b"#")[2] is b)
ba = bytearray(b)
print(ba.partition(b"="), ba.partition(b"#"), ba.rpartition(b"#"), ba.partition(b"#")[0] is ba)
m = b.partition(bytearray(b"="))
print(m, type(m[1]).__name__, b"ab".partition(bytearray(b"b"))[0])
for call in (lambda: b.partition(b""), lambda: b.partition("="), lambda: b.rpartition(3),
             lambda: ba.partition(b""), lambda: b.partition()):
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)

w = b"  one two  three "
print(w.rsplit(), w.rsplit(None, 1), w.rsplit(maxsplit=2), b"a,b,,c".rsplit(b","), b"a,b,,c".rsplit(b",", 1))
solo = b"solo"
print(solo.split()[0] is solo, solo.rsplit()[0] is solo, solo.split(b",")[0] is solo, solo.rsplit(b",")[0] is solo)
print(bytearray(b"x y").rsplit(), bytearray(b"x").split()[0] is bytearray(b"x"))
print(sys.getsizeof(solo.split()), sys.getsizeof(b"a b c".rsplit()), sys.getsizeof(b"a b".split(maxsplit=1)))
for call in (lambda: w.rsplit(b""), lambda: w.rsplit(","), lambda: w.rsplit(sep=b" ", maxsplit=1),
             lambda: w.split(b" ", -1)):
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)

t = b"line1\nline2\r\nline3\rlast"
print(t.splitlines(), t.splitlines(True), t.splitlines(keepends=True), b"".splitlines(), b"\n".splitlines())
one = b"one line"
print(one.splitlines()[0] is one, b"x\x0by".splitlines(), bytearray(b"a\nb").splitlines())

s = b"xxhixx"
print(s.lstrip(b"x"), s.rstrip(b"x"), b"  pad  ".lstrip(), b"  pad  ".rstrip(), b"\x0b\x0c a \t".strip())
print(s.lstrip(b"y") is s, s.rstrip() is s, s.strip(None) is s, bytearray(s).lstrip(b"y") is s)
print(s.lstrip(bytearray(b"x")), s.rstrip(bytearray(b"x")))
for call in (lambda: s.lstrip("x"), lambda: s.rstrip(1), lambda: s.lstrip(b"x", b"y")):
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)

f = b"prefix-body-suffix"
print(f.removeprefix(b"prefix-"), f.removesuffix(b"-suffix"), f.removeprefix(b"no") is f,
      f.removesuffix(b"") is f, f.removeprefix(b"") is f, bytearray(f).removeprefix(b"x"))
for call in (lambda: f.removeprefix("p"), lambda: f.removesuffix(), lambda: f.removeprefix(prefix=b"p")):
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)

r = b"abcabc"
print(r.rindex(b"b"), r.rindex(99), r.rindex(b"a", 0, 3), r.rindex(b""), bytearray(r).rindex(b"c", -3))
for call in (lambda: r.rindex(b"z"), lambda: r.rindex(b"a", 4), lambda: r.rindex(300), lambda: r.rindex("a")):
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)
