# topic: functions - defaults, *args, **kwargs, keyword-only and positional-only parameters, call errors
def f(a, b=2, *args, c, d=4, **kwargs):
    return a, b, args, c, d, kwargs
print(f(1, c=3), f(1, 2, 3, 4, c=5, e=6), f(a=1, c=2, b=3))
def pos_only(x, y, /, z):
    return x, y, z
print(pos_only(1, 2, 3), pos_only(1, 2, z=3))
def g(a, b):
    return a + b
calls = [
    lambda: g(1),
    lambda: g(1, 2, 3),
    lambda: g(1, c=2),
    lambda: g(1, a=2),
    lambda: f(1),
    lambda: pos_only(x=1, y=2, z=3),
    lambda: g(),
    lambda: (lambda: 0)(1),
    lambda: (lambda *, k: k)(1),
    lambda: f(1, 2, c=3, c2=1, **{'c': 9}),
]
for call in calls:
    try:
        call()
    except TypeError as e:
        print('TypeError:', e)
print(g(*[1, 2]), g(**{'a': 'x', 'b': 'y'}), g(*'ab'))
def defaults(x, items=None, flag=False):
    return x, items, flag
print(defaults.__defaults__, defaults.__name__, defaults.__code__.co_argcount, f.__kwdefaults__)
