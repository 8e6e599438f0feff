# topic: exceptions - del of names, list items, dict keys and attributes, and the errors when they are missing
x = 1
del x
try:
    del x
except NameError as e:
    print('NameError:', e)
lst = [1, 2, 3]
del lst[0]
print(lst)
try:
    del lst[5]
except IndexError as e:
    print('IndexError:', e)
d = {'a': 1}
del d['a']
try:
    del d['a']
except KeyError as e:
    print('KeyError:', e)
class O:
    pass
o = O()
o.attr = 1
del o.attr
try:
    del o.attr
except AttributeError as e:
    print('AttributeError:', e)
def f():
    y = 1
    del y
    return y
try:
    f()
except UnboundLocalError as e:
    print('UnboundLocalError:', e)
a, b = 1, 2
del a, b
print('a' in globals(), 'b' in globals())
