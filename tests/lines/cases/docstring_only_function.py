def f():
    "doc"
f()
