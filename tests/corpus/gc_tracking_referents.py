# topic: cyclic gc - is_tracked for atoms vs containers, get_referents of containers, get_referrers finds holders
import gc
class C:
    pass
print(gc.is_tracked(1), gc.is_tracked('s'), gc.is_tracked(1.5), gc.is_tracked([]), gc.is_tracked(C()), gc.is_tracked(()))
print(gc.is_tracked({}), gc.is_tracked({'a': 1}), gc.is_tracked({'a': []}), gc.is_tracked((1, [])), gc.is_tracked(C))
inner = [1]
outer = [inner, 'x', inner]
refs = gc.get_referents(outer)
print(len(refs), sum(1 for r in refs if r is inner))
d = {'k': inner}
print([r is inner for r in gc.get_referents(d)])
holders = [r for r in gc.get_referrers(inner) if isinstance(r, (list, dict)) and r is not globals()]
print(len(holders), any(h is outer for h in holders), any(h is d for h in holders))
print(gc.isenabled(), gc.get_threshold())
