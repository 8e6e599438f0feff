# topic: slicing - strings: positive/negative indices, steps, reversal, out-of-range slices, slice objects
s = 'Python'
print(s[0], s[-1], s[1:4], s[:2], s[2:], s[-3:], s[:-3], s[::2], s[1::2], s[::-1], s[-1:-4:-1], s[4:1:-1])
print(repr(s[10:]), repr(s[3:3]), repr(s[4:2]), s[-100:100], s[::-2], s[5:0:-2], repr(s[0:6:-1]))
print(s[slice(1, 5, 2)], s[slice(None, None, -1)], s[slice(3)], slice(1, 5, 2))
print(slice(None, 10).indices(6), slice(-3, None, 1).indices(6), slice(None, None, -1).indices(6))
print('hello world'[6:], 'hello world'[:5].upper(), 'abc'[True], 'abc'[-True])
try:
    s[6]
except IndexError as e:
    print('IndexError:', e)
try:
    s[::0]
except ValueError as e:
    print('ValueError:', e)
try:
    s['a']
except TypeError as e:
    print('TypeError:', e)
try:
    s[1.0]
except TypeError as e:
    print('TypeError:', e)
