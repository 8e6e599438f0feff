# Memory management in CPython: variables are references, objects carry reference counts,
# and a cycle collector frees what reference counting cannot. Step through each cell and
# watch the heap.

# %%
# Variables are memory references: id() is the address of the object.
my_var = 10
id(my_var)

# %%
hex(id(my_var))

# %%
greeting = "hello"
hex(id(greeting))

# %%
# Reference counting: read ob_refcnt straight from memory.
import ctypes

# %%
def ref_count(address):
    return ctypes.c_long.from_address(address).value

# %%
my_var = [1, 2, 3, 4]
ref_count(id(my_var))

# %%
# One more method: sys.getrefcount counts its own argument too.
import sys
sys.getrefcount(my_var)

# %%
other_var = my_var

# %%
print(hex(id(my_var)), hex(id(other_var)))
print(ref_count(id(my_var)))

# %%
other_var = None

# %%
print(ref_count(id(my_var)))

# %%
# Garbage collection
import ctypes
import gc

# %%
def object_by_id(object_id):
    ''' search for object in the GC w r t id '''
    for obj in gc.get_objects():
        if id(obj) == object_id:
            return "Object exists"
    return "Not found"

# %%
# Two classes that refer to each other: a circular reference.
class A:
    def __init__(self):
        self.b = B(self)
        print('A: self: {0}, b:{1}'.format(hex(id(self)), hex(id(self.b))))

# %%
class B:
    def __init__(self, a):
        self.a = a
        print('B: self: {0}, a: {1}'.format(hex(id(self)), hex(id(self.a))))

# %%
# Turn the collector off to watch reference counts alone.
gc.disable()

# %%
my_var = A()

# %%
print(hex(id(my_var)))

# %%
print('a: \t{0}'.format(hex(id(my_var))))
print('a.b: \t{0}'.format(hex(id(my_var.b))))
print('b.a: \t{0}'.format(hex(id(my_var.b.a))))

# %%
a_id = id(my_var)
b_id = id(my_var.b)

# %%
print('refcount(a) = {0}'.format(ref_count(a_id)))
print('refcount(b) = {0}'.format(ref_count(b_id)))
print('a: {0}'.format(object_by_id(a_id)))
print('b: {0}'.format(object_by_id(b_id)))

# %%
my_var = None

# %%
# A pure circular reference: both counts stay at 1 and nothing frees them.
print('refcount(a) = {0}'.format(ref_count(a_id)))
print('refcount(b) = {0}'.format(ref_count(b_id)))
print('a: {0}'.format(object_by_id(a_id)))
print('b: {0}'.format(object_by_id(b_id)))

# %%
# Run the collector by hand: the cycle is found and freed.
gc.collect()
print('refcount(a) = {0}'.format(ref_count(a_id)))
print('refcount(b) = {0}'.format(ref_count(b_id)))
print('a: {0}'.format(object_by_id(a_id)))
print('b: {0}'.format(object_by_id(b_id)))

# %%
# Dynamic typing: the name is rebound, the type belongs to the object.
my_var = 'hello'
print(type(my_var))
id(my_var)

# %%
my_var = 10
id(my_var)

# %%
type(my_var)

# %%
# Variable re-assignment: every new value is a different object.
a = 10
hex(id(a))

# %%
a = 15
hex(id(a))

# %%
a = 5
hex(id(a))

# %%
a = a + 1
hex(id(a))

# %%
# Small ints are cached: both names refer to one object.
a = 10
b = 10
print(hex(id(a)))
print(hex(id(b)))

# %%
# Object mutability
t = (1, 2, 3)  # a tuple of references to immutable ints

# %%
t = ([1, 2], [3, 4])  # a tuple of references to mutable lists

# %%
# Function arguments and mutability
def process(s):
    s = s + 'world'
    return s

# %%
my_var = 'hello'
process(my_var)

# %%
print(my_var)

# %%
def process(lst):  # my_list's reference is passed to process()
    lst.append(100)

my_list = [1, 2, 3]

process(my_list)

print(my_list)

# %%
# Immutable collections that contain mutable objects
def process(t):
    t[0].append(3)

my_tuple = ([1, 2], 'a')

process(my_tuple)

print(my_tuple)

# %%
# Shared references
a = 10
b = a

# %%
print(id(a))
print(id(b))

# %%
s1 = "hello"
s2 = "hello"

print(id(s1))
print(id(s2))

# %%
# With mutable objects we have to be more careful
a = [1, 2, 3]
b = a

# %%
b.append(100)

# %%
print(id(a))

# %%
id(b)

# %%
print(a)

# %%
b

# %%
# Variable equality: `is` compares identity, `==` compares values
a = 10
b = a

# %%
a is b

# %%
a == b

# %%
a = [1, 2, 3]
b = [1, 2, 3]

# %%
a is b  # different objects: lists are mutable

# %%
a == b

# %%
a = 10
b = 10.0

# %%
a is b  # different types

# %%
a == b

# %%
# None is a real object, and a singleton
a = None
b = None
c = None

print(id(a), id(b))

# %%
a is None

# %%
x = 10

x is None

# %%
x is not None

# %%
# Everything is an object
def fun():
    pass

id(fun())

# %%
class A:
    pass

id(A)

# %%
type(type)
