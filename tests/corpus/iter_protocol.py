# topic: iterators - iter()/next(), custom iterator classes, iter(callable, sentinel), exhausted iterators
it = iter([1, 2, 3])
print(next(it), next(it), next(it), next(it, 'done'))
class Countdown:
    def __init__(self, start):
        self.current = start
    def __iter__(self):
        return self
    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1
print(list(Countdown(3)), [x * 2 for x in Countdown(2)], sum(Countdown(4)))
c = Countdown(2)
print(list(c), list(c))
values = [5, 6, 0, 7]
pos = iter(values)
print(list(iter(lambda: next(pos), 0)))
print(type(iter([])).__name__, type(iter(())).__name__, type(iter('')).__name__, type(iter({})).__name__, type(iter(range(1))).__name__)
try:
    next([1, 2])
except TypeError as e:
    print('TypeError:', e)
try:
    iter(5)
except TypeError as e:
    print('TypeError:', e)
try:
    for x in 3.5:
        pass
except TypeError as e:
    print('TypeError:', e)
d = {'a': 1}
di = iter(d)
print(next(di), next(di, None))
r = iter(range(3))
print(list(r), list(r))
