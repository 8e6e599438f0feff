# topic: builtins - special methods of builtin types called by name: slot wrappers, method-wrappers, NotImplemented
print((5).__repr__(), (2.5).__repr__(), 'a'.__repr__(), [1].__repr__(), (1j).__repr__(), True.__repr__(), None.__repr__())
print('a'.__lt__(1), 'a'.__lt__('b'), (1).__eq__(1.0), (1).__eq__('1'), (1.5).__lt__(2), [1].__eq__((1,)))
print(None.__ne__(3), None.__eq__(None), None.__ne__(None), object().__eq__(1), NotImplemented.__repr__())
it = iter([10, 20])
print(it.__next__(), next(it), it.__length_hint__(), iter(range(5)).__length_hint__())
try:
    it.__next__()
except StopIteration:
    print('StopIteration')
d1, d2 = {'a': 1}, {'b': 2}
print(d1.__or__(d2), d1.__or__([1]), d2.__ror__(d1), {1, 2}.__and__({2, 3}), {1}.__sub__([1]))
print(float.__round__(2.5), float.__round__(2.675, 2), (7).__round__(-1), round(2.5), int.__add__(2, 3), int.__add__(2, 3.0))
print(range(3).__eq__(range(0, 3)), range(3).__len__(), range(5).__contains__(4), range(2).__iter__().__next__())
print(slice(1, 2).__repr__(), Ellipsis.__repr__(), ....__repr__(), type(...).__name__)
print(object.__subclasshook__(1), object.__subclasshook__(int), (3).__hash__(), 'x'.__hash__() == hash('x'))
print([3, 1].__len__(), [3, 1].__getitem__(0), [3, 1].__contains__(3), {'k': 1}.__getitem__('k'), 'abc'.__getitem__(slice(1, None)))
print(list(reversed([1, 2, 3])), list([1, 2, 3].__reversed__()), list({'a': 1, 'b': 2}.__reversed__()), list(range(3).__reversed__()))
print(int.__add__, (5).__add__.__name__, type(int.__add__).__name__, type((5).__add__).__name__, type(list.append).__name__, type([].append).__name__)
print(str.replace, repr(str.replace) == str(str.replace), dict.fromkeys, type(dict.__dict__['fromkeys']).__name__, list.__hash__)
print(str.replace.__qualname__, int.to_bytes.__qualname__, object.__init_subclass__.__qualname__, str.upper.__name__, list.append.__doc__)
print(len(dir(int)), len(dir(str)), len(dir(list)), len(dir(dict)), len(dir(object)), len(dir(type)), len(dir(None)), len(dir(Exception)))
print(int.__doc__.splitlines()[0], '|', list.__doc__, '|', type(None).__doc__)
try:
    int.__add__('a', 1)
except TypeError as e:
    print('TypeError:', e)
try:
    list.append((), 1)
except TypeError as e:
    print('TypeError:', e)
print((5).__bool__(), (0.0).__bool__(), 'x'.__len__(), b'xy'.__len__(), (3).__neg__(), (-3).__abs__(), (3).__invert__(), (2).__pow__(10))
print((7).__divmod__(2), (7.5).__rdivmod__(2), (1).__radd__(2), (3).__rsub__(10), 'ab'.__mul__(2), 'ab'.__rmul__(2), 'ab'.__add__('c'))
print((10).__format__('05d'), 'x'.__format__('>3'), (1.5).__format__('.2f'), format(5, 'x'), (5).__sizeof__(), [].__sizeof__())
class A:
    pass
a = A()
print(a.__eq__(a), a.__ne__(a), a.__eq__(1), a.__lt__(a), A.__eq__(a, a), a.__hash__() == hash(a), a.__str__() == a.__repr__())
print(a.__getattribute__('__class__'), type.__getattribute__(A, '__name__'), a.__dir__() == object.__dir__(a))
