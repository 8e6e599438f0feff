# topic: classes - __eq__ without __hash__ makes instances unhashable; __hash__ with __eq__ for dict/set use
class Plain:
    pass
a, b = Plain(), Plain()
print(a == a, a == b, a != b, a is b)
class Money:
    def __init__(self, cents):
        self.cents = cents
    def __eq__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        return self.cents == other.cents
print(Money(5) == Money(5), Money(5) != Money(6), Money(5) == 5, Money.__hash__)
try:
    {Money(5)}
except TypeError as e:
    print('TypeError:', e)
class Key(Money):
    def __hash__(self):
        return hash(self.cents)
    def __repr__(self):
        return f'Key({self.cents})'
d = {Key(1): 'one'}
print(d[Key(1)], Key(1) in {Key(1), Key(2)}, len({Key(3), Key(3)}), d)
class AlwaysEqual:
    def __eq__(self, other):
        return True
print(AlwaysEqual() == 1, 1 == AlwaysEqual(), None == AlwaysEqual(), AlwaysEqual() is None, [AlwaysEqual()].count(5))
print([1, 2].index(2), [Money(1), Money(2)].index(Money(2)), Money(2) in [Money(2)])
