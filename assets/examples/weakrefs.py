# Weak references: refer to an object without keeping it alive (no refcount +1).

# %%
import sys
import weakref

class Photo:
    def __init__(self, name):
        self.name = name

# %%
photo = Photo('cat.png')
print(sys.getrefcount(photo))   # the name, plus getrefcount's own argument
ref = weakref.ref(photo)        # a weak reference: the count does not change
print(sys.getrefcount(photo), weakref.getweakrefcount(photo))
print(ref() is photo)           # calling it gives the object while it lives

# %%
# A callback runs when the object dies.
def gone(r):
    print('the photo was freed')

watch = weakref.ref(photo, gone)

# %%
del photo                       # the last strong reference: freed at once
print(ref())                    # the weak reference now answers None

# %%
# Weak references do not keep a cycle alive either: only the collector frees it.
import gc
a = Photo('a')
a.me = a                        # a self-reference: a cycle of one
probe = weakref.ref(a)
del a
print(probe() is None)          # still alive: unreachable, not yet freed
gc.collect()
print(probe() is None)          # the collector freed it
