# topic: functions - a mutable default argument is created once and shared between calls
def append_to(item, target=[]):
    target.append(item)
    return target
a = append_to(1)
b = append_to(2)
print(a, b, a is b, append_to.__defaults__)
c = append_to(3, [])
print(c, append_to.__defaults__[0] is a)
def safe_append(item, target=None):
    if target is None:
        target = []
    target.append(item)
    return target
print(safe_append(1), safe_append(2))
def counter(cache={}):
    cache['n'] = cache.get('n', 0) + 1
    return cache['n']
print(counter(), counter(), counter())
