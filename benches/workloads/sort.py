# A list comprehension and sorted() over 10^6 ints.
xs = [(i * 7919) % 1000003 for i in range(1000000)]
ys = sorted(xs)
evens = [y for y in ys if y % 2 == 0]
print(ys[0], ys[-1], len(evens), evens[len(evens) // 2])
