# topic: deallocation - __del__ runs as soon as the last reference disappears, in a predictable order
class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print('del', self.name)
a = Tracked('a')
b = a
print('deleting a')
del a
print('deleting b')
del b
print('rebinding')
x = Tracked('x1')
x = Tracked('x2')
print('list clear (last to first)')
items = [Tracked('l1'), Tracked('l2'), Tracked('l3')]
items = None
print('dict clear (first to last)')
d = {'k1': Tracked('d1'), 'k2': Tracked('d2')}
d.clear()
print('temporaries')
Tracked('temp')
print('function locals')
def scope():
    local = Tracked('local')
    print('leaving scope')
scope()
print('attribute replaced')
holder = Tracked('holder')
holder.child = Tracked('child')
holder.child = None
print('end of script')
