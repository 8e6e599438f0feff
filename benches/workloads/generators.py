# A generator pipeline: produce, filter, map, reduce.
def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1


def odd(xs):
    for x in xs:
        if x % 2:
            yield x


def squares(xs):
    for x in xs:
        yield x * x % 10007


print(sum(squares(odd(numbers(1000000)))))
