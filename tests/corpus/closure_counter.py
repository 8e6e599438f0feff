# topic: closures - nonlocal counters, independent closures, closures over mutable state
def make_counter():
    count = 0
    def increment():
        nonlocal count
        count += 1
        return count
    return increment
c1 = make_counter()
c2 = make_counter()
print(c1(), c1(), c1(), c2(), c1.__name__, c1.__qualname__)
def make_accumulator():
    totals = []
    def add(x):
        totals.append(x)
        return sum(totals)
    return add
acc = make_accumulator()
print(acc(10), acc(5), acc(1))
def broken_counter():
    count = 0
    def increment():
        count += 1
        return count
    return increment
try:
    broken_counter()()
except UnboundLocalError as e:
    print('UnboundLocalError:', e)
def outer():
    x = 'outer x'
    def middle():
        def inner():
            return x
        return inner
    return middle()()
print(outer())
def multiplier(n):
    return lambda x: x * n
double, triple = multiplier(2), multiplier(3)
print(double(5), triple(5), [f(10) for f in (double, triple)])
