# topic: exceptions - the messages CPython gives for everyday mistakes
class A:
    pass
def f(x):
    return x
checks = [
    lambda: undefined_var,
    lambda: 1 + 'a',
    lambda: 'a' + 1,
    lambda: [1] + 1,
    lambda: 1 - None,
    lambda: None + None,
    lambda: -'x',
    lambda: ~1.5,
    lambda: None[0],
    lambda: 5[0],
    lambda: 5(),
    lambda: None(),
    lambda: len(None),
    lambda: iter(5),
    lambda: [x for x in 5],
    lambda: A().missing,
    lambda: A.missing,
    lambda: 'abc'.missing,
    lambda: {}['k'],
    lambda: [][0],
    lambda: ()[0],
    lambda: int('x'),
    lambda: f(),
    lambda: A(1),
    lambda: [1, 2, 3].remove(4),
    lambda: {1, 2} + {3},
    lambda: 'a' < 1,
    lambda: [] < (),
    lambda: {}.x,
    lambda: hash([]),
    lambda: 1 .foo,
    lambda: 1 / 'a',
    lambda: 'a' * 'b',
    lambda: [1] * [2],
    lambda: 2 ** 'x',
    lambda: 'x' % 2,
    lambda: {1: 2}[[1]],
]
for c in checks:
    try:
        c()
    except Exception as e:
        print(f'{type(e).__name__}: {e}')
