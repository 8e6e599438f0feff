# topic: deallocation - freeing an object releases its attributes; containers release items in CPython order
class T:
    def __init__(self, name, *children):
        self.name = name
        self.children = list(children)
    def __del__(self):
        print('del', self.name)
root = T('root', T('c1', T('g1')), T('c2'))
print('drop root')
root = None
print('tuple release order')
t = (T('t1'), T('t2'), T('t3'))
del t
print('set of instances')
s = [T('s1'), T('s2')]
s.pop()
s.pop()
print('popped')
class Pair:
    def __init__(self, name):
        self.first = T(name + '.first')
        self.second = T(name + '.second')
    def __del__(self):
        print('del pair')
p = Pair('p')
del p
print('done')
