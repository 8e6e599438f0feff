# float.fromhex takes at most one sign before the exponent's digits.
for text in ["0x1.0p+3", "0x1.0p-3", "0x1p3", "0x1.0p++0", "+0x1.0p+-0",
             "-0x1.0p-+0", "0x1.0p--0", "0x1.0p", "0x1.0p+", "0x1p 0", "1p-1"]:
    try:
        print(repr(text), float.fromhex(text))
    except (ValueError, OverflowError) as e:
        print(repr(text), type(e).__name__, e)

# leading and trailing whitespace is Py_ISSPACE's: the vertical tab too
for ws in ["", " ", "\t", "\n", "\v", "\f", "\r", "\n \t"]:
    print(repr(ws), float.fromhex(ws + "-0x.2" + ws), float.fromhex(ws + "inf" + ws))
