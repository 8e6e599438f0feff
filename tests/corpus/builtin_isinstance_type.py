# topic: builtins - isinstance/issubclass with tuples, type() vs isinstance, type names, callable
print(isinstance(5, int), isinstance(5, (str, int)), isinstance(5.0, int), isinstance('s', str), isinstance([], (tuple, list)))
print(isinstance(True, int), type(True) == int, isinstance(None, type(None)), isinstance(int, type), isinstance(type, object))
print(issubclass(bool, int), issubclass(int, (str, object)), issubclass(list, list), issubclass(float, int))
print(type(5), type('s'), type([]), type({}), type(()), type(set()), type(None), type(len), type(lambda: 0), type(type))
print(type(5).__name__, type(5.0).__name__, type(1j).__name__, type(range(1)).__name__, type(print).__name__)
for value in [1, 'x', [1], (1,), {1: 1}, 1.5, None]:
    kind = 'number' if isinstance(value, (int, float)) else 'sequence' if isinstance(value, (str, list, tuple)) else 'other'
    print(repr(value), kind)
try:
    isinstance(5, 'int')
except TypeError as e:
    print('TypeError:', e)
try:
    issubclass(5, int)
except TypeError as e:
    print('TypeError:', e)
print(callable(len), callable(int), callable('s'), callable(lambda: 0), callable(None))
