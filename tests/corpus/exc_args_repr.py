# topic: exceptions - args tuple, str() and repr() of built-in exceptions with zero, one and several args
for e in [ValueError(), ValueError('msg'), ValueError('a', 2), KeyError('k'), KeyError(), KeyError('a', 'b'),
          IndexError(3), OSError(2, 'No such file'), StopIteration(5), Exception(None), TypeError(''), AttributeError('x')]:
    print(type(e).__name__, e.args, repr(str(e)), repr(e))
e = ValueError('changeable')
e.args = ('changed',)
print(e, e.args)
e.custom = 'extra attribute'
print(e.custom)
print(isinstance(KeyError(), LookupError), issubclass(ZeroDivisionError, ArithmeticError), issubclass(FileNotFoundError, OSError))
print(ZeroDivisionError.__mro__)
print(KeyboardInterrupt.__bases__, issubclass(StopIteration, Exception))
try:
    raise KeyError('with quote\'s')
except KeyError as e:
    print(e, str(e), e.args[0])
