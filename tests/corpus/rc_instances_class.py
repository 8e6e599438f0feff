# topic: refcounts - instances hold a reference to their class; bound methods hold the instance
import sys
import ctypes
def ref_count(address):
    return ctypes.c_long.from_address(address).value
class Node:
    def __init__(self, value):
        self.value = value
    def method(self):
        return self
before = ref_count(id(Node))
nodes = [Node(i) for i in range(5)]
print(ref_count(id(Node)) - before)
del nodes[:2]
print(ref_count(id(Node)) - before)
n = Node('x')
addr = id(n)
print(ref_count(addr))
m = n.method
print(ref_count(addr), m.__self__ is n)
m2 = n.method
print(ref_count(addr), m is m2, m == m2)
del m, m2
print(ref_count(addr))
n.self_ref = n
print(ref_count(addr))
n.self_ref = None
print(ref_count(addr), sys.getrefcount(n))
