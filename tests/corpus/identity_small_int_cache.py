# topic: small-int cache - results in [-5, 256] are the cached objects; others are new objects each time
def compute(n):
    return n + 0
def show(label, a, b):
    print(label, a == b, a is b)
show('100 + 156', compute(100) + 156, 256)
show('257 computed twice', compute(200) + 57, compute(200) + 57)
show('-5 computed', compute(-3) - 2, -5)
show('-6 computed twice', compute(-3) - 3, compute(-3) - 3)
show('int("256")', int('256'), 256)
show('int("257")', int('257'), int('257'))
n = 1000
m = n
show('alias of 1000', n, m)
values = [i * 10 for i in range(30)]
print([v is w for v, w in zip(values, [i * 10 for i in range(30)])].count(True))
print(id(compute(5)) == id(5), id(compute(300)) == id(compute(300)))
big = 10 ** 3
print(big is 1000, big == 1000)
