# __init_subclass__ that defines a subclass of the class being made recurses until
# RecursionError; the error unwinds the nested runs it went through (issue 9, item 5).
class B:
    def __init_subclass__(cls):
        class C(cls):
            pass
try:
    class D(B):
        pass
except RecursionError as e:
    print('RecursionError', e)
print('still running')
class E:
    def __init_subclass__(cls, **kw):
        raise ValueError('no subclasses')
try:
    class F(E):
        pass
except ValueError as e:
    print('ValueError', e)
