# topic: collections.OrderedDict is a static C type (PyODict_Type): its size counts the fast-nodes table and a node per key
import sys
from collections import OrderedDict
od = OrderedDict()
print(sys.getsizeof(od), type(OrderedDict), OrderedDict.__basicsize__)
od['b'] = 1
print(sys.getsizeof(od))
od['a'] = 2
od['c'] = 3
print(sys.getsizeof(od), list(od))
del od['a']
print(sys.getsizeof(od))
od.clear()
print(sys.getsizeof(od), od)
nums = OrderedDict.fromkeys(range(20))
print(sys.getsizeof(nums), sys.getsizeof(dict.fromkeys(range(20))))
class Tagged(OrderedDict):
    pass
t = Tagged(x=1)
t.note = 'kept'
print(sys.getsizeof(t), Tagged.__basicsize__, Tagged.__dictoffset__, t.__dict__)
print(OrderedDict.__dictoffset__, OrderedDict.__weakrefoffset__, repr(OrderedDict))
def missing(d):
    try:
        d.move_to_end('nope')
    except KeyError as e:
        return sys.getrefcount(d), e
print(missing(OrderedDict(a=1)))
