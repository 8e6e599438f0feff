# topic: refcounts - sys.getrefcount of fresh objects, function objects, bound to names and stored in containers
import sys
def f():
    pass
class K:
    pass
lst = []
print(sys.getrefcount(lst), sys.getrefcount([]), sys.getrefcount(K()), sys.getrefcount(object()))
k = K()
print(sys.getrefcount(k))
store = {'k': k, 'list': [k, k]}
print(sys.getrefcount(k))
store['list'].clear()
print(sys.getrefcount(k))
x = 10 ** 20
print(sys.getrefcount(x))
y = x
print(sys.getrefcount(x))
z = x + 1
print(sys.getrefcount(z))
t = (lst, lst)
print(sys.getrefcount(lst))
del t
print(sys.getrefcount(lst))
s = ''.join(['run', ' time', ' string'])
print(sys.getrefcount(s))
