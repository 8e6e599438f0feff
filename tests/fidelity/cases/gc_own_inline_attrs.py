# topic: cyclic gc - 3.11 inline instance attributes: no dict object until __dict__ is touched, which changes what gc.collect() counts and what get_objects lists
import gc
gc.disable()
gc.collect()
class P:
    def __init__(self, other=None):
        self.other = other
        self.tag = 'p'
def dicts():
    return sum(1 for o in gc.get_objects() if type(o) is dict)
base = dicts()
a = P(); b = P(a); a.other = b
print('dict objects after two instances:', dicts() - base)
del a, b
print('cycle of two inline-attribute instances ->', gc.collect())
a = P(); b = P(a); a.other = b
vars(a)
print('dict objects after vars(a):', dicts() - base, gc.is_tracked(a.__dict__))
del a, b
print('cycle with one dict ->', gc.collect())
a = P(); b = P(a); a.other = b
a.__dict__; b.__dict__
del a, b
print('cycle with two dicts ->', gc.collect())
c = P()
c.me = c
c.extra = [1]
print('referents', [type(r).__name__ for r in gc.get_referents(c)])
del c
print('inline cycle + owned list ->', gc.collect())
c = P()
c.me = c
d = c.__dict__
del c
print('instance kept by its dict only ->', gc.collect())
print(d['tag'], d['me'].tag)
del d
print('now ->', gc.collect())
