# topic: classes - base classes raising NotImplementedError, polymorphism through a shared interface
class Shape:
    def area(self):
        raise NotImplementedError(f'{type(self).__name__} must implement area')
    def describe(self):
        return f'{type(self).__name__} with area {self.area():.2f}'
class Square(Shape):
    def __init__(self, side):
        self.side = side
    def area(self):
        return self.side ** 2
class Circle(Shape):
    def __init__(self, r):
        self.r = r
    def area(self):
        return 3.14159 * self.r ** 2
class Blob(Shape):
    pass
for shape in [Square(2), Circle(1), Blob()]:
    try:
        print(shape.describe())
    except NotImplementedError as e:
        print('NotImplementedError:', e)
print(sum(s.area() for s in [Square(1), Square(3)]), sorted([Circle(1), Square(1)], key=lambda s: s.area())[0].__class__.__name__)
shapes = {'sq': Square, 'ci': Circle}
print([shapes[k](2).area() for k in sorted(shapes)])
Blob().area()
