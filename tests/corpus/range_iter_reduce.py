# A range iterator pickles as the range it came from and how far it has got:
# rangeiter_reduce gives (iter, (range(start, start + len*step, step),), index).
it = iter(range(10))
next(it)
next(it)
next(it)
fn, args, index = it.__reduce__()
print(fn is iter, args, index)
print(iter(range(3)).__reduce__()[1:])

# the stop is normalised to a whole number of steps; an exhausted one says len
it = iter(range(0, 10, 3))
print(list(it), it.__reduce__()[1:])

# reversed(range(...)) is a range iterator over range(last, start-step, -step)
print(reversed(range(3)).__reduce__()[1:])
print(reversed(range(-5, 5, 2)).__reduce__()[1:], list(reversed(range(-5, 5, 2))))
print(reversed(range(0)).__reduce__()[1:])

# beyond a C long it is a longrange iterator, reduced the same way
big = iter(range(2**70, 2**70 + 5))
next(big)
(r,), i = big.__reduce__()[1:]
print(r.start - 2**70, r.stop - 2**70, r.step, i)

# rebuilding from the reduction resumes where the iterator was
fn, args, index = iter(range(4, 20, 4)).__reduce__()
again = fn(*args)
print(list(again))

# int.__round__ takes ndigits through __index__: None is a TypeError there,
# while float.__round__(None) and round(x, None) round to an int
print((2.5).__round__(None), (3.5).__round__(None), round(7, None), round(2.5, None))
for v in (7, True):
    try:
        v.__round__(None)
    except TypeError as e:
        print(type(v).__name__, e)
print((1234).__round__(-2), (1234).__round__(2))
