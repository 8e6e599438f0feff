# topic: refcounts - every name, container slot and attribute holding an object adds one reference
import sys
import ctypes
def ref_count(address):
    return ctypes.c_long.from_address(address).value
obj = [1, 2]
addr = id(obj)
print(ref_count(addr), sys.getrefcount(obj))
alias = obj
holder = [obj, obj, obj]
print(ref_count(addr))
d = {'a': obj, 'b': obj}
t = (obj,)
print(ref_count(addr))
s = {'key': [obj]}
print(ref_count(addr))
del holder[0]
print(ref_count(addr))
holder.clear()
d.pop('a')
print(ref_count(addr))
del alias, t, s
print(ref_count(addr))
d = None
print(ref_count(addr), sys.getrefcount(obj))
class Box:
    pass
box = Box()
box.content = obj
box.again = obj
print(ref_count(addr))
del box
print(ref_count(addr))
