def f(p):
    match p:
        case [x, y] if (x >
                        y):
            return 1
        case {'a': 1} if p and \
                p['a']:
            return 2
        case _:
            return 3
for p in ([2, 1], [1, 2], {'a': 1}, 0):
    f(p)
n = 5
r = [k for k in range(n) if k % 2 if k > 1]
g = (k for k in range(n) if not k)
list(g)
s = 0
while not s > 3:
    s += 2
