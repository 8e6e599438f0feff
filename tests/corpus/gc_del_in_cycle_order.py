# topic: cyclic gc - objects in a cycle are freed by gc.collect(), running __del__ (PEP 442)
import gc
gc.collect()
gc.disable()
class Res:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print('finalizing', self.name)
a = Res('a')
b = Res('b')
a.partner = b
b.partner = a
del a, b
print('cycle dropped, nothing freed yet')
print('collected', gc.collect())
print('garbage', gc.garbage)
lone = Res('lone')
lone.me = lone
del lone
print('collected', gc.collect())
gc.enable()
