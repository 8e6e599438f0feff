# topic: builtins - getattr/setattr/hasattr/delattr with dynamic names, defaults and errors
class Config:
    debug = False
c = Config()
for name, value in [('host', 'localhost'), ('port', 8080), ('debug', True)]:
    setattr(c, name, value)
print(vars(c), getattr(c, 'port'), getattr(c, 'missing', 'n/a'), hasattr(c, 'host'), hasattr(c, 'nope'))
delattr(c, 'debug')
print(c.debug, Config.debug, vars(c))
print(getattr([1, 2], 'append').__name__, getattr('abc', 'upper')(), getattr(Config, '__name__'))
print(hasattr(5, 'real'), hasattr(None, '__class__'), getattr(5, 'imag'))
try:
    delattr(c, 'nope')
except AttributeError as e:
    print('AttributeError:', e)
try:
    getattr(c, 5)
except TypeError as e:
    print('TypeError:', e)
try:
    setattr(5, 'x', 1)
except AttributeError as e:
    print('AttributeError:', e)
setattr(c, 'with space', 1)
print(getattr(c, 'with space'), sorted(vars(c)))
