# Found by the fuzz campaign (tests/fuzz/campaign.py): slicing a range with a step or bound
# past a Py_ssize_t gave a different range. CPython's compute_slice takes the slice's
# indices as unbounded ints (`_PySlice_GetLongIndices`) and maps each through the range:
# start + i * step, not clamped, and the stop is not normalised.
r = range(10)
print(r[2:5], r[-9223372036854775808::-1], r[2::9223372036854775808], r[-3:2**63])
print(range(0, 10**20, 7)[2**64:], range(5)[::2**63], range(5)[-2**63:-2**64:-1])
print(list(range(2**63 - 3, 2**63)), range(2**63 - 3, 2**63)[1:])
print(range(10)[::3], range(10)[8:2:-2], range(0,20,3)[1:-1], range(10)[::-1], range(5)[10:], range(5)[-10:])
r = range(2**63)
print(r[2**62:], r[::2**62], len(r[::2**62]), r[-1:-2**70:-2**62])
for bad in ("x", 1.5):
    try:
        print(range(5)[bad:])
    except TypeError as e:
        print("TypeError", e)
try:
    range(5)[::0]
except ValueError as e:
    print("ValueError", e)
