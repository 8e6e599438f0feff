def outer():
    n = 0
    def inner():
        nonlocal n
        n += 1
        return n
    inner()
    return inner()

v = outer()
f = lambda q: q + 1
w = f(v)
assert w == 3, 'no'
if w > 2 and \
   v > 1:
    print('big')
elif w:
    pass
else:
    pass
