# topic: classes - subclassing list, dict, str and int: inherited behaviour and overridden methods
class Stack(list):
    def push(self, x):
        self.append(x)
    def peek(self):
        return self[-1]
s = Stack([1, 2])
s.push(3)
print(s, s.peek(), len(s), type(s).__name__, isinstance(s, list), s + [4], type(s + [4]).__name__, s[:1], type(s[:1]).__name__)
class DefaultDict(dict):
    def __missing__(self, key):
        self[key] = 0
        return 0
d = DefaultDict()
d['a'] += 1
d['b']
print(d, type(d).__name__, d.get('zz'), 'zz' in d)
class Upper(str):
    def shout(self):
        return self.upper() + '!'
u = Upper('hey')
print(u, u.shout(), u + ' you', type(u + 'x').__name__, u == 'hey', len(u), repr(u))
class Meters(int):
    def __repr__(self):
        return f'{int(self)}m'
m = Meters(5)
print(m, repr(m), [m], m + 1, type(m + 1).__name__, m * 2, Meters(7) > m, str(m))
class Pair(tuple):
    def __new__(cls, a, b):
        return super().__new__(cls, (a, b))
    def swap(self):
        return Pair(self[1], self[0])
pr = Pair(1, 2)
print(pr, pr.swap(), type(pr).__name__, pr == (1, 2), len(pr))
