# topic: classes - instance __dict__, vars(), __class__, type() naming, adding attributes at run time
class Item:
    category = 'general'
    def __init__(self, name, price):
        self.name = name
        self.price = price
i = Item('pen', 1.5)
print(vars(i), i.__dict__, i.__dict__ is vars(i), i.__class__ is Item, type(i) is Item)
i.color = 'blue'
print(vars(i), list(i.__dict__))
i.__dict__['size'] = 'small'
print(i.size, 'category' in vars(i), getattr(i, 'category'))
del i.__dict__['color']
print(hasattr(i, 'color'), sorted(vars(i)))
print(type(i).__name__, type(i).__qualname__, Item.__dict__['category'], type(Item.__dict__).__name__)
j = Item('book', 12)
print(j.__dict__ == i.__dict__, [o.name for o in (i, j)])
def outer():
    class Local:
        pass
    return Local
print(outer().__qualname__, outer().__name__, repr(outer())[:30])
