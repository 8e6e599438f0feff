# topic: classes - subclassing dict, list and set: which overrides the builtins call
import sys, gc

class LoudDict(dict):
    def __setitem__(self, key, value):
        print('  setitem', key)
        super().__setitem__(key, value * 10)
    def __getitem__(self, key):
        print('  getitem', key)
        return super().__getitem__(key)

d = LoudDict(a=1)           # dict.__init__ stores directly
d.update(b=2)               # so does dict.update
d['c'] = 3                  # the override runs
print(d, d['c'], d.get('a'), 'b' in d, len(d))
print(type(d.copy()).__name__, type(d | {}).__name__, dict(d))

class Counter(dict):
    def __missing__(self, key):
        return 0
c = Counter()
for ch in 'hello':
    c[ch] += 1
print(c, c['z'], c.get('z'), 'z' in c)

class Stack(list):
    def append(self, x):
        print('  append', x)
        super().append(x)
s = Stack([1])
s.append(2)
s.extend([3, 4])            # list.extend does not call append
s += [5]
print(s, type(s).__name__, s[1:3], type(s[1:3]).__name__, s * 2, s == [1, 2, 3, 4, 5])
s.x = 'attr'
print(s.x, s.__dict__, vars(s))

class Tags(set):
    def add(self, x):
        super().add(x.lower())
t = Tags(['A'])
t.add('B')
print(sorted(t), type(t | {'c'}).__name__, isinstance(t, set), repr(Tags()))

class Ordered(dict):
    def __iter__(self):
        return iter(sorted(super().keys()))
o = Ordered(b=1, a=2)
print(list(o), list(o.keys()), [k for k in o])

class Sized(list):
    def __len__(self):
        return 42
z = Sized([1, 2])
print(len(z), bool(Sized()), z)

print(sys.getsizeof(Stack()), sys.getsizeof(LoudDict()), sys.getsizeof(Tags()), gc.is_tracked(Stack()))
print(Stack.__basicsize__, LoudDict.__basicsize__, Tags.__basicsize__, Stack.__base__.__name__)
x = Stack([7])
y = [x]
print(sys.getrefcount(x), sys.getrefcount(Stack) - sys.getrefcount(Tags))
del y
print(sys.getrefcount(x))
