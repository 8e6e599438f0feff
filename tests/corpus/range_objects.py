# topic: ranges - range repr, len, indexing, slicing, membership, equality, negative steps, errors
r = range(2, 20, 3)
print(r, list(r), len(r), r[0], r[-1], r[1:3], r[::-1], 11 in r, 12 in r, r.index(8), r.count(5))
print(range(5), range(0, 5), range(5) == range(0, 5), range(0) == range(5, 2), list(range(5, 0, -1)), list(range(-3)))
print(range(10)[::2], range(10)[-3:], list(range(0, -10, -4)), r.start, r.stop, r.step)
print(sum(range(1, 11)), max(range(7)), list(reversed(range(3))), range(3)[-1])
for bad in [lambda: range(0, 10, 0), lambda: range(1.5), lambda: range(10)[10], lambda: r.index(3), lambda: range('a')]:
    try:
        bad()
    except (ValueError, TypeError, IndexError) as e:
        print(type(e).__name__ + ':', e)
print(list(range(3, 3)), bool(range(0)), range(10 ** 20)[-1], range(0, 10 ** 20, 7)[-1])
try:
    len(range(0, 10 ** 20, 7))
except OverflowError as e:
    print('OverflowError:', e)
