# topic: cyclic gc - gc.get_referrers finds tracked containers (lists, dicts, instances, tuples); get_referents follows tp_traverse
import gc
gc.disable()
target = [0]
holder_list = [target, target]
holder_tuple = (target,)
holder_dict = {'t': target}
class H:
    def meth(self):
        pass
h = H()
h.t = target
refs = gc.get_referrers(target)
names = sorted(type(r).__name__ for r in refs)
print(names)
print('list once though it holds two refs:', sum(1 for r in refs if r is holder_list))
print('module globals among them:', any(r is globals() for r in refs))
print('instance among them:', any(r is h for r in refs))
print('untracked dicts are not searched:', gc.get_referrers(12345) == [] or all(type(r) is not dict or gc.is_tracked(r) for r in gc.get_referrers(12345)))
print([type(x).__name__ for x in gc.get_referents(h)])
print([type(x).__name__ for x in gc.get_referents(holder_dict, holder_tuple)])
print(gc.get_referents({'a': 1, 2: 'b'}))
s = {5}
print(gc.get_referents(s), gc.get_referents(frozenset([7])))
def outer():
    v = [1]
    def inner():
        return v
    return inner
f = outer()
print('closure cell:', [type(x).__name__ for x in gc.get_referents(f.__closure__)], gc.get_referents(f.__closure__[0]))
print('a bound method:', [type(x).__name__ for x in gc.get_referents(h.meth)])
m = H()
m.f = m.__class__
print('type referents start with', type(gc.get_referents(H)[0]).__name__)
