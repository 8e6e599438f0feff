# topic: exceptions - raise ... from: __cause__, implicit __context__, from None suppresses the context
class ConfigError(Exception):
    pass
def load(d):
    try:
        return d['key']
    except KeyError as e:
        raise ConfigError('missing key') from e
try:
    load({})
except ConfigError as e:
    print(repr(e), repr(e.__cause__), repr(e.__context__), e.__suppress_context__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError('while handling')
except ValueError as e:
    print(repr(e), e.__cause__, repr(e.__context__), e.__suppress_context__)
try:
    try:
        int('x')
    except ValueError:
        raise TypeError('clean') from None
except TypeError as e:
    print(repr(e), e.__cause__, repr(e.__context__), e.__suppress_context__)
try:
    raise RuntimeError('direct')
except RuntimeError as e:
    print(e.__cause__, e.__context__, e.__traceback__ is not None)
try:
    raise ValueError from KeyError('k')
except ValueError as e:
    print(repr(e), repr(e.__cause__), str(e) == '')
try:
    raise 5
except TypeError as e:
    print('TypeError:', e)
try:
    raise ValueError from 5
except TypeError as e:
    print('TypeError:', e)
load({'other': 1})
