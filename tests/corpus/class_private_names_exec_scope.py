# topic: classes - private names (__x mangled to _Class__x), locals() and exec() scoping, StopIteration ending map()
class Account:
    __count = 0
    def __init__(self, owner, balance=0):
        self.__owner = owner
        self._balance = balance
        Account.__count += 1
    def __secret(self):
        return 'hidden ' + self.__owner
    def reveal(self, *, __key=1):
        return self.__secret(), __key
    @classmethod
    def count(cls):
        return cls.__count
a = Account('ann')
print(a.reveal(), Account.count(), a._Account__owner, sorted(k for k in vars(a)), '_Account__count' in Account.__dict__)
try:
    a.__owner
except AttributeError as e:
    print('AttributeError:', e)
print(Account._Account__secret.__name__, Account._Account__secret.__qualname__, Account.reveal.__kwdefaults__)
class _Hidden:
    def m(self):
        __local = 5
        return __local, locals()
print(_Hidden().m())
def outer():
    g = 1
    print(sorted(locals()), locals() is locals())
    exec("print('g' in locals(), 'g' in globals())")
    exec("h = 2")
    print('h' in locals())
outer()
d = {}
exec("x = 1", d)
def stop_at_zero(v):
    if v == 0:
        raise StopIteration
    return 10 // v
print(list(map(stop_at_zero, [1, 2, 0, 4])), list(filter(stop_at_zero, [5, 0, 5])))
m = map(stop_at_zero, [0, 5])
print(list(m), list(m))
