# topic: generators - send(): priming with next(), values flowing in, running averages, send before start
def averager():
    total = 0
    count = 0
    avg = None
    while True:
        value = yield avg
        total += value
        count += 1
        avg = total / count
a = averager()
print(next(a))
print(a.send(10), a.send(20), a.send(60))
def accumulate():
    items = []
    while True:
        item = yield len(items)
        if item is None:
            return items
        items.append(item)
g = accumulate()
print(g.send(None), g.send('a'), g.send('b'))
try:
    g.send(None)
except StopIteration as e:
    print('finished with', e.value)
fresh = averager()
try:
    fresh.send(5)
except TypeError as e:
    print('TypeError:', e)
def gen():
    x = yield 1
    print('received', x)
    y = yield 2
    print('received', y)
g = gen()
print(next(g), next(g))
try:
    next(g)
except StopIteration:
    print('stopped')
