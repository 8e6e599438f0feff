# topic: copy - copy.copy vs copy.deepcopy for nested structures, shared references and cycles (memo)
import copy
orig = {'nums': [1, 2], 'pair': ([3], 4), 'name': 'x'}
sh = copy.copy(orig)
dp = copy.deepcopy(orig)
orig['nums'].append(99)
orig['pair'][0].append(98)
print(sh, dp, sep='\n')
print(sh['nums'] is orig['nums'], dp['nums'] is orig['nums'], dp['pair'] is orig['pair'], dp['name'] is orig['name'])
shared = [0]
outer = [shared, shared]
d = copy.deepcopy(outer)
print(d[0] is d[1], d[0] is shared)
cyc = [1]
cyc.append(cyc)
dc = copy.deepcopy(cyc)
print(dc, dc[1] is dc, dc is not cyc)
t = (1, 2, 'a')
print(copy.copy(t) is t, copy.deepcopy(t) is t, copy.deepcopy((1, [2])) == (1, [2]), copy.deepcopy((1, [2]))[1] is not None)
class Point:
    def __init__(self, x, tags):
        self.x = x
        self.tags = tags
p = Point(1, ['a'])
p2 = copy.copy(p)
p3 = copy.deepcopy(p)
p.tags.append('b')
print(p2.tags, p3.tags, p2 is p, type(p3).__name__, vars(p3))
class Custom:
    def __init__(self, v):
        self.v = v
    def __copy__(self):
        print('__copy__ called')
        return Custom(self.v)
    def __deepcopy__(self, memo):
        print('__deepcopy__ called')
        return Custom(copy.deepcopy(self.v, memo))
c = Custom([1])
print(copy.copy(c).v is c.v, copy.deepcopy(c).v is c.v)
print(copy.copy([1, 2]), copy.copy({1: 2}), copy.copy({1, 2}), copy.deepcopy('s') is 's', copy.copy(5))
