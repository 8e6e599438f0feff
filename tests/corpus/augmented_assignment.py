# topic: aliasing - augmented assignment: in place for lists (alias sees it), rebinding for ints/str/tuples
a = [1]
b = a
a += [2]
print(a, b, a is b)
a = a + [3]
print(a, b, a is b)
s = 'x'
t = s
s += 'y'
print(s, t, s is t)
tp = (1,)
tq = tp
tp += (2,)
print(tp, tq, tp is tq)
n = 10
n -= 3
n *= 2
n //= 3
n **= 2
n %= 7
n <<= 2
n |= 1
print(n)
f = 1.0
f /= 4
print(f)
lst = [0]
lst *= 3
print(lst)
lst += 'ab'
lst += (5,)
print(lst)
try:
    lst = lst + 'cd'
except TypeError as e:
    print('TypeError:', e)
d = {'k': [1]}
d['k'] += [2]
print(d)
st = {1}
st |= {2}
print(st)
