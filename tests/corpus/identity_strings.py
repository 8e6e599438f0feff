# topic: interning - identifier-like literals are shared; strings built at run time are new unless interned
import sys
a = 'hello'
b = 'hello'
print(a is b)
c = 'hello world'
d = 'hello world'
print(c is d)
e = ''.join(['hel', 'lo'])
print(e == a, e is a, sys.intern(e) is a)
f = 'hel' + 'lo'
print(f is a)
part = 'hel'
g = part + 'lo'
print(g == a, g is a)
h = sys.intern(g)
print(h is a)
print('' is str(), 'x' * 0 is '', 'a'.upper() is 'A', 'ab'[0] is 'a')
name = 'some_identifier'
print(name is 'some_identifier', name[:4] is 'some', str(name) is name, name.lower() is name)
