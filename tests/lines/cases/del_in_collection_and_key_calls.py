import gc
class N:
    def __init__(self):
        self.me = self
    def __del__(self):
        print('del')

n = N()
del n
gc.collect()
vals = sorted([3, 1, 2], key=lambda v: -v)
m = map(lambda v: v * 2, [1, 2])
lst = list(m)
def kw(*args, **kwargs):
    return len(args) + len(kwargs)
kw(1, 2, a=3)
print(*[1, 2], sep='-')
