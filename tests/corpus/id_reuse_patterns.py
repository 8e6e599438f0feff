# topic: id reuse - a freed object's address is handed to the next object of the same size; live objects never share ids
class A:
    pass
print(id(A()) == id(A()), id([]) == id([]), id({}) == id({}), [] is [], A() is A())
a = A()
first = id(a)
del a
b = A()
print(id(b) == first)
x = [1, 2, 3]
old = id(x)
x.append(4)
print(id(x) == old)
x = x + [5]
print(id(x) == old)
ids = set()
keep = []
for _ in range(10):
    obj = A()
    keep.append(obj)
    ids.add(id(obj))
print(len(ids))
ids2 = set()
for _ in range(10):
    obj = A()
    ids2.add(id(obj))
print(len(ids2) <= 2)
s = 'some text'
print(id(s) == id(s), id(s[:]) == id(s), id(s + '') == id(s))
