# topic: classes - properties: computed attributes, setters with validation, read-only and deleter
class Temperature:
    def __init__(self, celsius):
        self.celsius = celsius
    @property
    def celsius(self):
        return self._celsius
    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError('below absolute zero')
        self._celsius = value
    @property
    def fahrenheit(self):
        return self._celsius * 9 / 5 + 32
t = Temperature(25)
print(t.celsius, t.fahrenheit, vars(t))
t.celsius = 100
print(t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print('ValueError:', e)
try:
    t.fahrenheit = 0
except AttributeError as e:
    print('AttributeError:', e)
try:
    del t.fahrenheit
except AttributeError as e:
    print('AttributeError:', e)
class Managed:
    def __init__(self):
        self._x = 1
    def get_x(self):
        return self._x
    def del_x(self):
        print('deleting x')
        del self._x
    x = property(get_x, None, del_x, 'the x property')
m = Managed()
print(m.x, type(Managed.x).__name__, Managed.x.__doc__)
del m.x
try:
    m.x
except AttributeError as e:
    print('AttributeError:', e)
