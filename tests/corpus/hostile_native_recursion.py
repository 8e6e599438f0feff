# Recursion through native code (slot wrappers, __call__, ==, in, repr, deepcopy) ends in
# RecursionError with CPython's wording, not in a crash (issue 9, item 6).
import copy
class Foo:
    pass
Foo.__repr__ = Foo.__str__
try:
    str(Foo())
except RecursionError as e:
    print('str:', e)
class C:
    pass
c = C()
C.__call__ = c
try:
    c()
except RecursionError as e:
    print('call:', e)
a = []
for i in range(100000):
    a = [a]
b = []
for i in range(100000):
    b = [b]
for what, f in [('==', lambda: a == b), ('in', lambda: a in [b]),
                ('repr', lambda: repr(a)), ('deepcopy', lambda: copy.deepcopy(a))]:
    try:
        f()
        print(what, 'ok')
    except RecursionError as e:
        print(what, 'RecursionError:', e)
class R:
    def __repr__(self):
        return repr(R())
try:
    repr(R())
except RecursionError as e:
    print('__repr__:', e)
print('done')
