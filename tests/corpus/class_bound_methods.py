# topic: classes - bound methods: __self__/__func__, new object per access, functions stored on instances
class Greeter:
    def __init__(self, name):
        self.name = name
    def greet(self, other):
        return f'{self.name} greets {other}'
g = Greeter('ann')
m = g.greet
print(m('bob'), Greeter.greet(g, 'cy'), m.__self__ is g, m.__func__ is Greeter.greet, m.__name__)
print(g.greet == g.greet, g.greet is g.greet, type(m).__name__, type(Greeter.greet).__name__)
actions = [g.greet, Greeter('dan').greet]
print([a('eve') for a in actions])
g.greet = lambda other: 'instance attribute wins: ' + other
print(g.greet('fay'), Greeter.greet(g, 'gus'))
del g.greet
print(g.greet('hal'))
def external(self):
    return 'external ' + self.name
Greeter.ext = external
print(g.ext(), Greeter('ivy').ext())
print(repr(m).startswith('<bound method Greeter.greet of <__main__.Greeter object at 0x'))
print(repr(Greeter.greet).startswith('<function Greeter.greet at 0x'), repr(len), repr(int), repr([].append).startswith('<built-in method append of list object at 0x'))
