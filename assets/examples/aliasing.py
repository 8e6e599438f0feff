# Aliasing: a name is a reference to an object, and `=` copies the reference, never the
# object. Step with n and watch the list's refcount (Δ column) in the Refcounts pane.

# %%
a = [1, 2, 3]       # one list object; one reference to it: the name a

# %%
b = a               # a second name for the SAME list: its refcount goes +1
b.append(4)         # so the change shows through a as well
print(a, a is b)

# %%
c = a[:]            # slicing copies: a new list (new row), with its own refcount
c.append(5)
print(a, c, a is c)

# %%
# A list can hold the same object twice: that is two references to it.
inner = [0]
outer = [inner, inner]
outer[0].append(1)
print(outer)

# %%
# Default values are made once, when `def` runs: every call shares the one list.
def add(item, bucket=[]):
    bucket.append(item)
    return bucket

print(add(1))
print(add(2))

# %%
del b               # one reference fewer (−1); the list lives on through a
a = None            # the last name goes: the list is freed at once (refcount 0)
