class CM:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        return False

with CM() as c:
    y = 1
    z = 2
w = 3
