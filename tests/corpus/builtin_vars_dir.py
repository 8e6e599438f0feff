# topic: builtins - vars() and dir() on small objects: instance dicts, class attributes, sorted names
class Pet:
    legs = 4
    def __init__(self, name):
        self.name = name
    def speak(self):
        return '...'
p = Pet('rex')
print(vars(p))
print([n for n in dir(p) if not n.startswith('__')])
print([n for n in dir(Pet) if not n.startswith('_')])
print(sorted(k for k in vars(Pet) if not k.startswith('__')))
class Sub(Pet):
    def fetch(self):
        pass
print([n for n in dir(Sub('x')) if not n.startswith('_')])
print('__init__' in dir(p), '__class__' in dir(p), dir(p) == sorted(dir(p)))
try:
    vars(5)
except TypeError as e:
    print('TypeError:', e)
print([n for n in dir([]) if not n.startswith('_')])
print([n for n in dir({}) if not n.startswith('_')])
print([n for n in dir(()) if not n.startswith('_')])
