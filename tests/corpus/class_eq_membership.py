# topic: classes - `in`, list.count, list.index and list.remove use ==, which checks identity first
class Item:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        print('eq', self.v, getattr(other, 'v', other))
        return isinstance(other, Item) and self.v == other.v
    __hash__ = None
    def __repr__(self):
        return f'Item({self.v})'
a, b = Item(1), Item(2)
items = [a, b]
print(Item(2) in items)
print(b in items)
print(items.count(Item(1)))
print(items.index(Item(2)))
items.remove(Item(1))
print(items)
class Never:
    def __eq__(self, other):
        return False
n = Never()
print(n == n, n in [n], [n] == [n], (n,) == (n,), [n].count(n))
nan = float('nan')
print(nan in [nan], [nan] == [nan], nan == nan)
