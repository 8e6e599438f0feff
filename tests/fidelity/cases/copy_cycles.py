# topic: deepcopy - the memo keeps shared sub-objects shared and copies cycles as cycles; tuples of atoms come back as themselves; a caller's memo is honoured and filled; copy.copy of builtins (list.copy, dict.copy, set.copy) and of immutables
import copy

class Node:
    def __init__(self, name):
        self.name = name
        self.links = []
    def __repr__(self):
        return 'Node(%s)' % self.name

a, b = Node('a'), Node('b')
a.links.append(b)
b.links.append(a)
a.links.append(a)
graph = {'a': a, 'b': b, 'both': (a, b)}
g2 = copy.deepcopy(graph)
a2, b2 = g2['a'], g2['b']
print(a2 is not a, a2.links[0] is b2, b2.links[0] is a2, a2.links[1] is a2)
print(g2['both'][0] is a2, g2['both'] is not graph['both'])

lst = [1, 2]
lst.append(lst)
lst2 = copy.deepcopy(lst)
print(lst2[2] is lst2, lst2 is not lst)
d = {}
d['self'] = d
print(copy.deepcopy(d)['self'] is not d)

atoms = (1, 'two', None, 3.0, (4, 5))
print(copy.deepcopy(atoms) is atoms, copy.copy(atoms) is atoms)
mixed = (1, [2])
m2 = copy.deepcopy(mixed)
print(m2 is mixed, m2 == mixed, m2[1] is mixed[1])

shared = ['shared']
memo = {id(shared): 'replaced'}
print(copy.deepcopy([shared, shared], memo))
memo2 = {}
out = copy.deepcopy([shared, {'k': shared}], memo2)
print(out[0] is out[1]['k'], id(shared) in memo2, memo2[id(memo2)][0] is shared)

for obj in (42, 'text', 3.5, None, True, range(3), frozenset({1}), print, len, Node):
    print(type(obj).__name__, copy.copy(obj) is obj, copy.deepcopy(obj) is obj)
for obj in ([1, [2]], {'k': [1]}, {1, 2}, bytearray(b'ab')):
    c = copy.copy(obj)
    print(type(obj).__name__, c == obj, c is not obj)
s = {1, 2, 3}
print(copy.deepcopy(s) == s, type(copy.deepcopy(frozenset(s))).__name__)
def f():
    pass
print(copy.deepcopy(f) is f, copy.deepcopy(Node('x').__repr__)() == 'Node(x)')
