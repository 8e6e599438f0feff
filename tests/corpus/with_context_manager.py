# topic: with - custom context managers: __enter__ return value, __exit__ arguments, suppressing exceptions
class Managed:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print('enter', self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        print('exit', self.name, exc_type.__name__ if exc_type else None, exc, tb is None)
        return self.suppress
with Managed('a') as value:
    print('body got', value)
with Managed('b', suppress=True):
    raise ValueError('swallowed')
print('after suppressed')
try:
    with Managed('c'):
        raise KeyError('k')
except KeyError as e:
    print('propagated', repr(e))
def early():
    with Managed('d'):
        return 'returned from inside with'
print(early())
for i in range(3):
    with Managed(f'loop{i}'):
        if i == 1:
            break
class NoExit:
    def __enter__(self):
        return self
try:
    with NoExit():
        pass
except (AttributeError, TypeError) as e:
    print(type(e).__name__ + ':', e)
