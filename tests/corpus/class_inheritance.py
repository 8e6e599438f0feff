# topic: classes - inheritance, method overriding, super().__init__, isinstance/issubclass, attribute lookup
class Animal:
    kind = 'animal'
    def __init__(self, name):
        self.name = name
    def speak(self):
        return self.name + ' makes a sound'
    def describe(self):
        return f'{self.name} is an {self.kind}: {self.speak()}'
class Dog(Animal):
    kind = 'dog'
    def __init__(self, name, breed):
        super().__init__(name)
        self.breed = breed
    def speak(self):
        return self.name + ' barks'
class Puppy(Dog):
    def speak(self):
        return super().speak() + ' softly'
p = Puppy('Rex', 'lab')
print(p.describe(), p.breed, Animal('Cat').describe())
print(isinstance(p, Animal), isinstance(p, Dog), isinstance(Animal('x'), Dog), issubclass(Puppy, Animal), issubclass(Animal, Puppy))
print(Puppy.__bases__, Puppy.__mro__, Dog.__name__, type(p).__name__, p.__class__.__bases__[0].__name__)
print(Puppy.kind, Animal.kind, issubclass(Dog, object), Animal.__base__)
class NoInit(Dog):
    pass
try:
    NoInit('x')
except TypeError as e:
    print('TypeError:', e)
