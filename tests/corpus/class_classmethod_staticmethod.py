# topic: classes - classmethod alternate constructors (cls follows the subclass), staticmethods, calling styles
class Date:
    def __init__(self, y, m, d):
        self.y, self.m, self.d = y, m, d
    @classmethod
    def from_string(cls, text):
        y, m, d = map(int, text.split('-'))
        return cls(y, m, d)
    @staticmethod
    def is_leap(year):
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    def __repr__(self):
        return f'{type(self).__name__}({self.y}, {self.m}, {self.d})'
class MyDate(Date):
    pass
print(Date.from_string('2024-02-29'), MyDate.from_string('1999-12-31'), Date(1, 2, 3).from_string('5-6-7'))
print(Date.is_leap(2000), Date.is_leap(1900), Date(1, 1, 1).is_leap(2024), MyDate.is_leap(2023))
print(type(Date.__dict__['from_string']).__name__, type(Date.__dict__['is_leap']).__name__)
print(type(Date.from_string).__name__, type(Date.is_leap).__name__, Date.from_string.__self__ is Date)
class Registry:
    items = []
    @classmethod
    def add(cls, item):
        cls.items.append(item)
        return len(cls.items)
print(Registry.add('a'), Registry.add('b'), Registry.items)
class Plain:
    def method(self):
        return 'method'
try:
    Plain.method()
except TypeError as e:
    print('TypeError:', e)
print(Plain.method(Plain()), Plain().method.__name__, type(Plain().method).__name__)
