# topic: scopes - global statement, UnboundLocalError, LEGB lookup, shadowing builtins
counter = 0
def bump():
    global counter
    counter += 1
bump()
bump()
print(counter)
x = 'global'
def read_then_assign():
    print(x)
    x = 'local'
try:
    read_then_assign()
except UnboundLocalError as e:
    print('UnboundLocalError:', e)
def shadow():
    len = lambda s: 'shadowed'
    return len('abc')
print(shadow(), len('abc'))
def uses_undefined():
    return undefined_name
try:
    uses_undefined()
except NameError as e:
    print('NameError:', e)
def make_global():
    global created_later
    created_later = 'made in function'
make_global()
print(created_later)
def locals_demo(a, b=2):
    c = a + b
    return sorted(locals().items())
print(locals_demo(1))
print('counter' in globals(), globals()['counter'])
del counter
try:
    print(counter)
except NameError as e:
    print('NameError:', e)
