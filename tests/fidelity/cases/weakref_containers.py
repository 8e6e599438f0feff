# topic: weakref containers - WeakValueDictionary (KeyedRef values), WeakKeyDictionary, WeakSet: entries vanish with their objects; removals wait while iterating
import gc
import weakref

class Node:
    def __init__(self, name):
        self.name = name
    def __repr__(self):
        return 'Node(%s)' % self.name

nodes = [Node(c) for c in 'abcd']
values = weakref.WeakValueDictionary({n.name: n for n in nodes})
keys = weakref.WeakKeyDictionary()
group = weakref.WeakSet()
for i, n in enumerate(nodes):
    keys[n] = i
    group.add(n)
print(len(values), len(keys), len(group))
print(type(values.data['a']).__name__, values.data['a'].key, values.data['a']() is nodes[0])
print(sorted(values), sorted(keys.values()), sorted(n.name for n in group))
print('b' in values, nodes[1] in keys, nodes[1] in group, values.get('zz', 'missing'))
n = None
del nodes[1]
print(len(values), len(keys), len(group), sorted(values.keys()))
it = iter(values.items())
k, v = next(it)
print('iterating from', k)
del nodes[0]
print('while iterating', len(values.data), len(values._pending_removals))
rest = list(it)
del v, it
print('after', sorted(values.keys()), len(values._pending_removals))
print(values.pop('c'), len(values), values.setdefault('x', nodes[-1]) is nodes[-1])
wk2 = keys.copy()
print(len(wk2), sorted(wk2.values()))
group2 = weakref.WeakSet(nodes)
print(group2 == group, len(group | group2), len(group - group2))
print(repr(values).startswith('<WeakValueDictionary at 0x'), repr(keys).startswith('<WeakKeyDictionary at 0x'))
del nodes
gc.collect()
print(len(values), len(keys), len(group), len(group2), len(wk2))
