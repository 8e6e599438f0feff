# topic: dicts - merging with |, |=, {**a, **b}, dict(a, **b); later keys win, order of first appearance
a = {'x': 1, 'y': 2}
b = {'y': 20, 'z': 30}
print(a | b, b | a, {**a, **b}, {**b, 'x': 0}, dict(a, **b), dict(a, y=5))
c = a.copy()
c |= b
print(c, a)
c |= [('w', 0)]
print(c)
def show(**kwargs):
    return kwargs
print(show(**a), show(**a, z=3), show(**{'k': 'v'}))
try:
    show(**a, x=5)
except TypeError as e:
    print('TypeError:', e)
try:
    a | [('q', 1)]
except TypeError as e:
    print('TypeError:', e)
try:
    show(**{1: 2})
except TypeError as e:
    print('TypeError:', e)
try:
    {**[1]}
except TypeError as e:
    print('TypeError:', e)
