# topic: collections.OrderedDict and ChainMap
from collections import OrderedDict, ChainMap, UserDict, UserList, UserString

od = OrderedDict()
od['b'] = 1
od['a'] = 2
od['c'] = 3
print(od, list(od))
od.move_to_end('b')
print(list(od.keys()))
od.move_to_end('c', last=False)
print(od)
print(od.popitem(), od.popitem(last=False), od)
print(OrderedDict(a=1, b=2) == OrderedDict(b=2, a=1), OrderedDict(a=1, b=2) == dict(b=2, a=1))
o2 = OrderedDict.fromkeys('xyz', 0)
print(o2, o2.keys(), o2.values(), o2.items())
print(list(reversed(o2)), o2.copy(), isinstance(o2, dict))
try:
    o2.move_to_end('nope')
except KeyError as e:
    print('KeyError:', e)
try:
    OrderedDict().popitem()
except KeyError as e:
    print('KeyError:', e)
defaults = {'color': 'red', 'user': 'guest'}
args = {'user': 'ann'}
cm = ChainMap(args, defaults)
print(cm['user'], cm['color'], len(cm), sorted(cm))
cm['color'] = 'blue'
print(args, defaults, cm.maps[0] is args)
child = cm.new_child({'x': 1})
print(child, child.parents)
class Stack(UserList):
    def push(self, x):
        self.append(x)
s = Stack([1])
s.push(2)
print(s, s.data, len(s), s[-1])
class LowerDict(UserDict):
    def __setitem__(self, key, value):
        super().__setitem__(key.lower(), value)
d = LowerDict()
d['ABC'] = 1
d.update({'XyZ': 2})
print(d, d.data)
print(UserString('abc').upper(), UserString('x') + 'y')
