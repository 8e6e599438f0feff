# topic: exceptions - the errors common string misuse raises, with CPython's messages
s = 'hello'
checks = [
    lambda: s[5],
    lambda: s[-6],
    lambda: s + 5,
    lambda: 5 + s,
    lambda: s - 'h',
    lambda: s.foo(),
    lambda: s.upper(1),
    lambda: s.split(1),
    lambda: s.replace('l'),
    lambda: int(s),
    lambda: s.index('z'),
    lambda: ord(s),
    lambda: chr(-1),
    lambda: s.join([1]),
    lambda: s.encode('nope'),
    lambda: len(5),
    lambda: s(),
    lambda: s.zfill('5'),
    lambda: s.center(),
]
for c in checks:
    try:
        c()
    except Exception as e:
        print(type(e).__name__ + ':', e)
