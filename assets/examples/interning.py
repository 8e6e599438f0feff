# Interning and caches: when are two equal values one object? Watch the Interned pane.

# %%
# Small ints (-5..256) are made once at start-up: every 100 is the same object.
x = 100
y = 50 + 50
print(x is y)

# %%
# Larger ints are made when needed: equal values, two objects.
big = 1000
other = int('1000')
print(big == other, big is other)

# %%
# Equal constants in one code object are stored once in its co_consts.
def pair():
    p = 1000
    q = 1000
    return p is q

print(pair())

# %%
# Strings that look like identifiers are interned by the compiler...
s1 = 'hello_world'
s2 = 'hello_world'
print(s1 is s2)

# %%
# ...strings built at run time are new objects, unless sys.intern() is asked.
import sys
built = ''.join(['hello', '_', 'world'])
print(built == s1, built is s1)
print(sys.intern(built) is s1)

# %%
# None, True and False are singletons: `is None` is the right test.
print(None is None, (1 > 0) is True)
