# topic: classes - a class's __dict__ is a read-only mappingproxy over the class namespace
import sys
class C:
    x = 1
    def f(self): return 2
d = C.__dict__
print(type(d).__name__, d['x'], 'f' in d, len(d) > 3, list(d)[:3])
print(d.get('x'), d.get('nope', 'dflt'), sorted(d.keys())[:3])
try:
    d['y'] = 2
except TypeError as e:
    print('TypeError:', e)
C.y = 5
print(d['y'], C.__dict__ == C.__dict__, C.__dict__ is C.__dict__)
print(type(int.__dict__).__name__, 'bit_length' in int.__dict__)
print(sys.getrefcount(C.__dict__))
c = d.copy(); print(type(c).__name__, c['x'])
print(str(C.__dict__)[:13])
