# topic: classes - __call__ makes instances callable; truthiness from __bool__, else __len__, else True
class Adder:
    def __init__(self, n):
        self.n = n
    def __call__(self, x):
        return x + self.n
add5 = Adder(5)
print(add5(10), callable(add5), callable(Adder), callable(5), list(map(add5, [1, 2])))
class Empty:
    def __len__(self):
        return 0
class Falsy:
    def __bool__(self):
        return False
    def __len__(self):
        return 10
class Default:
    pass
print(bool(Empty()), bool(Falsy()), bool(Default()), not Empty(), 'yes' if Falsy() else 'no')
class BadBool:
    def __bool__(self):
        return 1
try:
    bool(BadBool())
except TypeError as e:
    print('TypeError:', e)
class BadLen:
    def __len__(self):
        return -1
try:
    bool(BadLen())
except ValueError as e:
    print('ValueError:', e)
try:
    Default()()
except TypeError as e:
    print('TypeError:', e)
