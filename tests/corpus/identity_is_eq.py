# topic: identity - `is` compares identity, `==` compares value: lists, tuples, None checks, copies
a = [1, 2, 3]
b = a
c = [1, 2, 3]
print(a == b, a is b, a == c, a is c, a is not c, id(a) == id(b), id(a) == id(c))
t1 = (1, 2)
t2 = tuple([1, 2])
print(t1 == t2, t1 is t2)
x = None
print(x is None, x == None, x is not None)
e1 = []
e2 = []
print(e1 == e2, e1 is e2, [] == [], [] is [], id([]) == id([]))
s1 = 'hello world!'
s2 = ''.join(['hello', ' world!'])
print(s1 == s2, s1 is s2)
f1 = 0.5
f2 = 1 / 2
print(f1 == f2, f1 is f2)
class Obj:
    pass
o1, o2 = Obj(), Obj()
print(o1 == o2, o1 is o2, o1 == o1, o1 is o1)
print(type(1) is int, type(True) is int, type(True) is bool, isinstance(True, int))
