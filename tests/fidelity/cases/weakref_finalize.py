# topic: weakref.finalize - alive, peek, detach, calling it early; at exit the live finalizers run newest first (atexit=False skips one), before the collector and module teardown
import weakref

class Resource:
    def __init__(self, name):
        self.name = name

def release(name, mode='normal'):
    print('release', name, mode)
    return name.upper()

r1 = Resource('one')
f1 = weakref.finalize(r1, release, 'one')
print(f1.alive, f1.atexit, f1.peek()[1:], repr(f1).startswith('<finalize object at 0x'), "for 'Resource' at" in repr(f1))
del r1
print(f1.alive, f1(), repr(f1).endswith('; dead>'))

r2 = Resource('two')
f2 = weakref.finalize(r2, release, 'two', mode='early')
print(f2(), f2.alive, f2())
del r2

r3 = Resource('three')
f3 = weakref.finalize(r3, release, 'three')
obj, func, args, kwargs = f3.detach()
print(obj is r3, func is release, args, kwargs, f3.alive, f3.detach())

keep = []
for name in ('four', 'five', 'six'):
    r = Resource(name)
    keep.append(r)
    f = weakref.finalize(r, release, name, mode='at exit')
    if name == 'five':
        f.atexit = False
print([f.alive for f in (f1, f2, f3)], f.atexit)
print('end of script')
