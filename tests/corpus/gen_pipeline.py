# topic: generators - pipelines of generators: lazy stages interleave, infinite sources with a stopping stage
def source(n):
    for i in range(n):
        print('source', i)
        yield i
def square(xs):
    for x in xs:
        print('square', x)
        yield x * x
def take(n, xs):
    for i, x in enumerate(xs):
        if i >= n:
            return
        yield x
print(list(take(2, square(source(10)))))
def naturals():
    n = 0
    while True:
        yield n
        n += 1
evens = (n for n in naturals() if n % 2 == 0)
print([next(evens) for _ in range(5)])
def chunked(seq, size):
    chunk = []
    for item in seq:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
print(list(chunked(range(7), 3)), list(chunked([], 2)))
def running_total(xs):
    total = 0
    for x in xs:
        total += x
        yield total
print(list(running_total([1, 2, 3, 4])))
gen = square(source(2))
print(gen.__name__, type(gen).__name__)
