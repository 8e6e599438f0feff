# topic: functions - decorators: wrappers, decorators with arguments, stacking order, attributes on functions
def trace(func):
    def wrapper(*args, **kwargs):
        print('calling', func.__name__, args, kwargs)
        result = func(*args, **kwargs)
        print('returned', result)
        return result
    return wrapper
@trace
def add(a, b=0):
    return a + b
add(1, b=2)
print(add.__name__)
def repeat(n):
    def deco(func):
        def wrapper(*args):
            return [func(*args) for _ in range(n)]
        return wrapper
    return deco
@repeat(3)
def hello(name):
    return 'hi ' + name
print(hello('bob'))
def tag(label):
    def deco(func):
        def wrapper():
            return '<' + label + '>' + func() + '</' + label + '>'
        return wrapper
    return deco
@tag('b')
@tag('i')
def text():
    return 'x'
print(text())
def count_calls(func):
    def wrapper(*a):
        wrapper.calls += 1
        return func(*a)
    wrapper.calls = 0
    return wrapper
@count_calls
def noop():
    pass
noop(); noop()
print(noop.calls)
registry = []
def register(f):
    registry.append(f.__name__)
    return f
@register
def one(): pass
@register
def two(): pass
print(registry, one.__name__)
