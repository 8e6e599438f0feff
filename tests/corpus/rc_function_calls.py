# topic: refcounts - arguments, locals and return values: references held during a call and released after
import sys
import ctypes
def ref_count(address):
    return ctypes.c_long.from_address(address).value
data = {'k': 'v'}
addr = id(data)
def inspect(x):
    return ref_count(id(x))
def inspect_two(x, y):
    z = x
    return ref_count(id(x))
def getref(x):
    return sys.getrefcount(x)
print(ref_count(addr), inspect(data), inspect_two(data, data), getref(data), ref_count(addr))
def keep(x, store=[]):
    store.append(x)
    return len(store)
keep(data)
print(ref_count(addr))
keep.__defaults__[0].clear()
print(ref_count(addr))
def make():
    fresh = ['fresh']
    print('inside', ref_count(id(fresh)))
    return fresh
result = make()
print('returned', ref_count(id(result)))
print('temporary', sys.getrefcount(['temp']), sys.getrefcount(make()))
def gen(x):
    yield ref_count(id(x))
g = gen(data)
print(ref_count(addr), next(g), ref_count(addr))
del g
print(ref_count(addr))
