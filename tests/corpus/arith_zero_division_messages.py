# topic: exceptions - the ZeroDivisionError messages of every division operator on ints and floats
cases = [
    ('1 / 0', lambda: 1 / 0),
    ('1 // 0', lambda: 1 // 0),
    ('1 % 0', lambda: 1 % 0),
    ('1.0 / 0', lambda: 1.0 / 0),
    ('1.0 // 0', lambda: 1.0 // 0),
    ('1.0 % 0', lambda: 1.0 % 0),
    ('1 / 0.0', lambda: 1 / 0.0),
    ('divmod(1, 0)', lambda: divmod(1, 0)),
    ('divmod(1.0, 0.0)', lambda: divmod(1.0, 0.0)),
    ('2 ** 100 // 0', lambda: 2 ** 100 // 0),
    ('True / False', lambda: True / False),
]
for text, fn in cases:
    try:
        fn()
    except ZeroDivisionError as e:
        print(f'{text:>16} -> {type(e).__name__}: {e}')
x = 10
y = 0
print(x / y)
