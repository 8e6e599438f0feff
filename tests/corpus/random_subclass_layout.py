# random.Random subclasses the C type _random.Random: one object holding the generator's state
# (2520 bytes), a weak reference list, a managed __dict__ and a GC header. A class over a
# builtin type gets no inline values: its first attribute makes a real __dict__.
import random, _random, sys, gc
r = random.Random(7)
print(sys.getsizeof(r), gc.is_tracked(r), r.__dict__, random.Random.__mro__)
print(sys.getsizeof(_random.Random(7)), gc.is_tracked(_random.Random(7)))
print(r.random() == _random.Random(7).random(), r.randrange(100))
print(gc.get_referents(r))
class Mine(_random.Random):
    pass
m = Mine(7)
print(m.random() == random.Random(7).random(), sys.getsizeof(m))
try:
    Mine(seed=1)
except TypeError as e:
    print('TypeError', e)
try:
    _random.Random(1, 2)
except TypeError as e:
    print('TypeError', e)
class L(list):
    pass
l = L([1])
l.tag = 'x'
print(gc.get_referents(l), sys.getsizeof(l))
class O:
    pass
o = O()
o.tag = 'x'
print(gc.get_referents(o))
