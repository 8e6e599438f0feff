# The sequence iterators' __reduce__ and __setstate__ (listiter_reduce_general,
# listiter_setstate and their kin): (iter, (seq,), index), the index clipped to 0..len.
for seq in ([10, 20, 30], (1, 2, 3), "你好!", "abc", b"xyz", bytearray(b"pq")):
    it = iter(seq)
    next(it)
    f, args, index = it.__reduce__()
    print(type(it).__name__, f is iter, args[0] is seq, index)
    it.__setstate__(-5)
    print(" ", next(it), end=" ")
    it.__setstate__(len(seq) - 1)
    print(next(it), end=" ")
    it.__setstate__(99)
    print(list(it), it.__reduce__())
    it.__setstate__(0)
    print(" ", list(it))
try:
    iter([1]).__setstate__("x")
except TypeError as e:
    print("TypeError:", e)
