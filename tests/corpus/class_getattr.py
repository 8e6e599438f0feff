# topic: classes - __getattr__ fallback, getattr with defaults, __setattr__ interception, AttributeError messages
class Proxy:
    def __init__(self, target):
        self.target = target
    def __getattr__(self, name):
        print('__getattr__', name)
        return getattr(self.target, name)
p = Proxy([3, 1, 2])
p.append(0)
print(p.target, p.count(1), p.target is p.target)
try:
    p.nonexistent
except AttributeError as e:
    print('AttributeError:', e)
class Recorder:
    def __setattr__(self, name, value):
        print('set', name, value)
        super().__setattr__(name, value)
    def __delattr__(self, name):
        print('del', name)
        object.__delattr__(self, name)
r = Recorder()
r.a = 1
r.b = [2]
del r.a
print(vars(r))
class Plain:
    pass
obj = Plain()
print(getattr(obj, 'x', 'missing'), hasattr(obj, 'x'))
try:
    obj.x
except AttributeError as e:
    print('AttributeError:', e)
try:
    getattr(obj, 'x')
except AttributeError as e:
    print('AttributeError:', e)
try:
    None.x
except AttributeError as e:
    print('AttributeError:', e)
try:
    (5).real = 3
except AttributeError as e:
    print('AttributeError:', e)
try:
    object().attr = 1
except AttributeError as e:
    print('AttributeError:', e)
try:
    Plain.attr
except AttributeError as e:
    print('AttributeError:', e)
try:
    [].appendd(1)
except AttributeError as e:
    print('AttributeError:', e)
