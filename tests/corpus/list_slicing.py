# topic: slicing - lists: negative indices and steps, copies, out of range, reversal
a = list(range(10))
print(a[2:5], a[:3], a[7:], a[-3:], a[:-7], a[::3], a[1::3], a[::-1], a[8:2:-2], a[-1:-5:-1])
print(a[100:], a[-100:2], a[5:2], a[::-3], a[7:0:-3], a[0:10:20])
b = a[:]
print(b == a, b is a, a[::1] is a, a[slice(2, 4)])
nested = [[1, 2], [3, 4]]
shallow = nested[:]
shallow[0].append(99)
shallow[1] = 'replaced'
print(nested, shallow)
try:
    a[10]
except IndexError as e:
    print('IndexError:', e)
try:
    a[::0]
except ValueError as e:
    print('ValueError:', e)
try:
    a['1']
except TypeError as e:
    print('TypeError:', e)
t = tuple(a)
print(t[2:5], t[::-2], t[5:], type(t[1:2]).__name__, t[:0])
r = range(10)
print(r[2:5], r[::-1], r[::2][1:], list(r[-3:]), r[3])
