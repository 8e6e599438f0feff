# topic: slicing - slice assignment and deletion on lists, extended-slice size errors
a = list(range(8))
a[1:3] = ['x', 'y', 'z']
print(a)
a[2:2] = [100]
print(a)
a[:] = a[::-1]
print(a)
a[::2] = ['e'] * 5
print(a)
del a[::3]
print(a)
del a[1:3]
print(a)
a[len(a):] = [1, 2]
print(a)
a[-2:] = []
print(a)
b = [1, 2, 3]
b[1:2] = 'hi'
print(b)
try:
    b[::2] = [0]
except ValueError as e:
    print('ValueError:', e)
try:
    b[0:1] = 5
except TypeError as e:
    print('TypeError:', e)
try:
    b[10] = 1
except IndexError as e:
    print('IndexError:', e)
try:
    del b[10]
except IndexError as e:
    print('IndexError:', e)
c = [1, 2, 3]
c[1:] = c
print(c)
