def g():
    yield 1
for v in g():
    pass
