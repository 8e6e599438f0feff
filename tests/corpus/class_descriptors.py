# topic: classes - the descriptor protocol: __get__, __set__, __delete__, __set_name__, precedence
class Typed:
    def __init__(self, kind):
        self.kind = kind
    def __set_name__(self, owner, name):
        print('set_name', owner.__name__, name)
        self.name = '_' + name
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.name, None)
    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError(f'{self.name[1:]} must be {self.kind.__name__}')
        setattr(obj, self.name, value)
    def __delete__(self, obj):
        print('delete', self.name)
        delattr(obj, self.name)

class Person:
    name = Typed(str)
    age = Typed(int)
    def __init__(self, name, age):
        self.name = name
        self.age = age

p = Person('Ann', 30)
print(p.name, p.age, vars(p), type(Person.name).__name__)
try:
    p.age = 'old'
except TypeError as e:
    print('TypeError:', e)
p.__dict__['age'] = 99        # a data descriptor wins over the instance dict
print(p.age, p.__dict__['age'])
del p.name
print(p.name, vars(p))

class Lazy:                       # a non-data descriptor: the instance dict wins once set
    def __init__(self, func):
        self.func = func
    def __get__(self, obj, cls):
        if obj is None:
            return self
        value = self.func(obj)
        obj.__dict__[self.func.__name__] = value
        print('computed', self.func.__name__)
        return value

class Circle:
    def __init__(self, r):
        self.r = r
    @Lazy
    def area(self):
        return 3 * self.r ** 2
c = Circle(2)
print(c.area, c.area, 'area' in vars(c))
c.area = 0
print(c.area)

class ReadOnly:
    def __get__(self, obj, cls):
        return 42
    def __set__(self, obj, value):
        raise AttributeError('read-only')
class K:
    x = ReadOnly()
k = K()
try:
    k.x = 1
except AttributeError as e:
    print('AttributeError:', e)
print(k.x, K.x)
try:
    del k.x
except AttributeError as e:
    print('AttributeError:', e)

class Counted:
    count = 0
    def __get__(self, obj, cls):
        Counted.count += 1
        return Counted.count
class Meta(type):
    hits = Counted()
class W(metaclass=Meta):
    pass
print(W.hits, W.hits)

class Cm:
    @classmethod
    @property
    def kind(cls):
        return cls.__name__.lower()
    @classmethod
    @classmethod
    def twice(cls):
        return cls
print(Cm.kind, Cm().kind, Cm.twice())
