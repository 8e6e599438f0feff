# topic: closures - nonlocal across several levels, nonlocal vs global, closures created in loops sharing a cell
def outer():
    x = 0
    def middle():
        def inner():
            nonlocal x
            x += 10
            return x
        return inner
    f = middle()
    f()
    f()
    return x
print(outer())
g = 'global g'
def shadow():
    g = 'enclosing g'
    def inner():
        global g
        g = 'changed global'
    inner()
    return g
print(shadow(), g)
def make_pair():
    shared = []
    def push(v):
        shared.append(v)
    def get():
        return list(shared)
    return push, get
push, get = make_pair()
push(1)
push(2)
print(get())
def loop_cells():
    fs = []
    for i in range(3):
        def f():
            return i
        fs.append(f)
    return fs
fs = loop_cells()
print([f() for f in fs], fs[0].__closure__[0] is fs[2].__closure__[0])
