# Found by the fuzz campaign (tests/fuzz/campaign.py): `list(range(10**100))` hung the model,
# which counted the items. CPython asks the length first (`PyObject_LengthHint`): a range
# longer than a Py_ssize_t has no length (`range_length` raises OverflowError), and the hint
# passes the error on before any item is made. `bytes`/`bytearray` of an endless iterable
# read it one item at a time, so the first bad item ends them.
for s in ["list(range(10**100))", "list(range(2**63))", "len(range(2**63))",
          "list(iter(range(10**100)))", "tuple(range(10**30))", "sorted(range(10**30))",
          "[].extend(range(10**30))", "list(reversed(range(10**30)))",
          "bytearray(range(10**30))", "bytes(range(10**30))", "bytearray(b'').extend(range(300))",
          "bytes(['a'])", "bytearray(['a'])", "bytes(iter([1, 2**70]))", "list(range(2**62))"]:
    try:
        eval(s)
        print(s, "ok")
    except Exception as e:
        print(s, type(e).__name__, e)
print(len(range(2**62)), list(range(10**100, 10**100 + 3)))
