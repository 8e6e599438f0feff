# topic: classes - __new__ runs before __init__; a singleton via __new__; instance counting in class attributes
class Singleton:
    _instance = None
    def __new__(cls, *args):
        print('__new__', cls.__name__, args)
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance
    def __init__(self, value):
        print('__init__', value)
        self.value = value
a = Singleton(1)
b = Singleton(2)
print(a is b, a.value, id(a) == id(b))
class Counted:
    created = 0
    alive = 0
    def __init__(self):
        Counted.created += 1
        Counted.alive += 1
    def __del__(self):
        Counted.alive -= 1
objs = [Counted() for _ in range(4)]
print(Counted.created, Counted.alive)
objs.pop()
del objs[0]
print(Counted.created, Counted.alive)
objs = None
print(Counted.created, Counted.alive)
class NotSelf:
    def __new__(cls):
        return 42
    def __init__(self):
        print('never called')
print(NotSelf(), type(NotSelf()).__name__)
class Base:
    def __init_subclass__(cls, **kw):
        print('subclass created:', cls.__name__)
        super().__init_subclass__(**kw)
class Derived(Base):
    pass
