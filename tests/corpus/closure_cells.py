# topic: closures - __closure__ cells, co_freevars, cell_contents, shared cells between closures
def outer():
    a = 1
    b = [2]
    def get():
        return a, b
    def set_a(v):
        nonlocal a
        a = v
    return get, set_a
get, set_a = outer()
print(get.__code__.co_freevars, set_a.__code__.co_freevars, len(get.__closure__))
print([type(c).__name__ for c in get.__closure__], [c.cell_contents for c in get.__closure__])
set_a(42)
print(get(), get.__closure__[0].cell_contents, get.__closure__[0] is set_a.__closure__[0])
def no_closure():
    return 1
print(no_closure.__closure__, outer.__code__.co_cellvars)
def make():
    val = 'v'
    def f():
        return val
    del val
    return f
try:
    make()()
except NameError as e:
    print(type(e).__name__ + ':', e)
