# topic: aliasing - assignment aliases, slicing/list()/copy() make shallow copies with shared elements
a = [[1], [2]]
b = a
c = a[:]
d = list(a)
e = a.copy()
print(b is a, c is a, d is a, e is a, c == a, c[0] is a[0], d[1] is a[1], e[0] is a[0])
a.append([3])
a[0].append('shared')
print(a, b, c, d, e, sep='\n')
f = a * 1
print(f == a, f is a, f[0] is a[0])
g = a + []
print(g is a, g[2] is a[2])
def mutate(lst):
    lst.append('from function')
    lst = ['rebound']
    return lst
r = mutate(a)
print(a[-1], r)
