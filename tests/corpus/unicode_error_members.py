# A codec error is raised as UnicodeDecodeError/UnicodeEncodeError(encoding, object,
# start, end, reason); str() of it is worked out from those members.
try:
    b"   \xff".decode("ascii")
except UnicodeDecodeError as e:
    print(e.encoding, e.object, e.start, e.end, e.reason)
    print(e.args)
    print(e)
try:
    "ab\u20ac\u20acx".encode("latin-1")
except UnicodeEncodeError as e:
    print(e.encoding, e.object, e.start, e.end, e.reason)
    print(e)
s = "caf\xe9"
try:
    s.encode("ascii")
except UnicodeEncodeError as e:
    print(e.object is s, e)
try:
    b"\xc3(\xff\xfe".decode("utf-8")
except UnicodeDecodeError as e:
    print(e.start, e.end, e)

# made by hand
e = UnicodeDecodeError("utf-8", b"abc", 1, 3, "made up")
print(e, e.args)
e.start = 2
print(e)
e = UnicodeEncodeError("ascii", "x\U0001f600y", 1, 2, "nope")
print(e)
e = UnicodeEncodeError("ascii", "x\u1234y", 1, 2, "nope")
print(e)
