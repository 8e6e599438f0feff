# topic: closures - late binding: closures see the variable's final value; default args capture early
funcs = []
for i in range(3):
    funcs.append(lambda: i)
print([f() for f in funcs])
i = 100
print([f() for f in funcs])
funcs = [lambda i=i: i for i in range(3)]
print([f() for f in funcs])
def make():
    fs = []
    for j in range(3):
        def f():
            return j
        fs.append(f)
    j = 'changed'
    return fs
print([f() for f in make()])
def make_bound():
    return [(lambda k: (lambda: k))(k) for k in range(3)]
print([f() for f in make_bound()])
x = 1
def show_x():
    return x
x = 2
print(show_x())
