class Base:
    x = 1
    def m(self):
        return self.x

class D(Base):
    """doc"""
    y = [i for i in range(2)]
    def m(self):
        return super().m() + 1

o = D()
r = o.m()
try:
    o.nope
except AttributeError:
    pass
try:
    1 / 0
except (ZeroDivisionError, TypeError) as e:
    msg = str(e)
finally:
    pass
