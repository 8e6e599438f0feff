# topic: classes - metaclasses: __new__, __init__, __call__, __prepare__, __instancecheck__, registries
class Registry(type):
    classes = []
    def __new__(mcs, name, bases, ns, **kw):
        print('Registry.__new__', name, sorted(k for k in ns if not k.startswith('__')), kw)
        cls = super().__new__(mcs, name, bases, ns)
        mcs.classes.append(name)
        return cls
    def __init__(cls, name, bases, ns, **kw):
        print('Registry.__init__', name)
        super().__init__(name, bases, ns)
    def describe(cls):
        return f'<{cls.__name__} via {type(cls).__name__}>'

class Base(metaclass=Registry):
    def hello(self):
        return 'hi'

class Child(Base, flavour='sweet'):
    x = 1

print(Registry.classes, type(Child).__name__, Child.describe(), Child().hello(), isinstance(Child, Registry))
print(Child.__class__ is Registry, type(Base) is Registry, Registry.__mro__ == (Registry, type, object))

class Singleton(type):
    _instances = {}
    def __call__(cls, *args, **kwargs):
        if cls not in cls._instances:
            print('creating', cls.__name__, args)
            cls._instances[cls] = super().__call__(*args, **kwargs)
        return cls._instances[cls]

class Config(metaclass=Singleton):
    def __init__(self, name):
        self.name = name

a = Config('first')
b = Config('second')
print(a is b, a.name, b.name)

class Interface(type):
    def __instancecheck__(cls, obj):
        return all(hasattr(obj, m) for m in cls.required)
    def __subclasscheck__(cls, sub):
        return all(hasattr(sub, m) for m in cls.required)

class Quacker(metaclass=Interface):
    required = ('quack',)

class Duck:
    def quack(self):
        return 'Quack!'

print(isinstance(Duck(), Quacker), isinstance(3, Quacker), issubclass(Duck, Quacker), issubclass(int, Quacker))

class Ordered(type):
    @classmethod
    def __prepare__(mcs, name, bases):
        print('prepare', name, bases)
        return {'order': []}
    def __new__(mcs, name, bases, ns):
        ns['fields'] = [k for k in ns if not k.startswith('__') and k != 'order']
        return super().__new__(mcs, name, bases, ns)

class Record(metaclass=Ordered):
    b = 2
    a = 1
print(Record.fields, Record.order)

Dyn = Registry('Dyn', (Base,), {'y': 5})
print(Dyn.y, Dyn.__name__, type(Dyn).__name__, Dyn.__bases__, Registry.classes)
T = type('T', (), {'z': 3, '__repr__': lambda self: 'T!'})
print(T.z, T(), T.__module__, type(T))

class Meta(type):
    def __repr__(cls):
        return f'<class {cls.__name__!r} made by Meta>'
    def __len__(cls):
        return 99
    def __getitem__(cls, item):
        return f'{cls.__name__}[{item}]'
class Thing(metaclass=Meta):
    pass
print(repr(Thing), len(Thing), Thing[int], [Thing])
try:
    class Bad(Base, metaclass=Meta):
        pass
except TypeError as e:
    print('TypeError:', e)
