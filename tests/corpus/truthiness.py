# topic: truthiness - which values are falsy, and/or return an operand, short-circuit evaluation
values = [0, 0.0, 0j, '', [], (), {}, set(), range(0), None, False, 1, -1, 0.1, ' ', [0], (None,), {0: 0}, 'False', range(1)]
print([bool(v) for v in values])
print([repr(v) for v in values if not v])
print(0 or 'default', 'value' or 'default', [] and 'unused', [1] and 'used', None or 0 or '' or 'last', 1 and 2 and 3)
def noisy(v):
    print('evaluated', v)
    return v
print(noisy(0) and noisy(1))
print(noisy(1) or noisy(2))
print(noisy('') or noisy(None) or noisy([]))
name = ''
print(name or 'anonymous', (name or 'x').upper(), not name, not not name)
if []:
    print('empty list is true')
elif {}:
    print('empty dict is true')
else:
    print('both falsy')
x = 5
print('big' if x > 3 else 'small', x > 3 and 'big' or 'small')
