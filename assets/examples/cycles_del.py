# Cycles and __del__: reference counting cannot free objects that refer to each other; the
# cycle collector can. Since Python 3.4 (PEP 442) it runs __del__ first, exactly once.

# %%
import gc
gc.disable()        # no automatic collections: only the ones we ask for

# %%
class Node:
    def __init__(self, name):
        self.name = name
        self.partner = None

    def __del__(self):
        print('__del__', self.name)

# %%
a = Node('a')
b = Node('b')
a.partner = b
b.partner = a       # a cycle: a -> b -> a

# %%
del a, b            # no name reaches them, yet each refcount is still 1
# The Cycles pane: "unreachable, not yet freed". Press g here, or step on.

# %%
print('collected', gc.collect())   # __del__ runs for both, then they are freed

# %%
# Without a cycle, refcounting frees at once: __del__ runs right at `del`.
c = Node('c')
del c

# %%
gc.enable()
