# topic: classes - class attributes vs instance attributes, shadowing, shared mutable class attributes
class Counter:
    count = 0
    shared = []
    def __init__(self):
        Counter.count += 1
        self.own = []
a = Counter()
b = Counter()
print(Counter.count, a.count, b.count)
a.count = 99
print(Counter.count, a.count, b.count, 'count' in vars(a), 'count' in vars(b))
del a.count
print(a.count)
a.shared.append('from a')
print(b.shared, Counter.shared, a.shared is b.shared)
a.own.append(1)
print(a.own, b.own)
Counter.new_attr = 'added later'
print(a.new_attr, hasattr(b, 'new_attr'))
try:
    del a.count
except AttributeError as e:
    print('AttributeError:', e)
try:
    Counter.missing
except AttributeError as e:
    print('AttributeError:', e)
print(sorted(k for k in vars(Counter) if not k.startswith('__')))
