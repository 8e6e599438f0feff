# topic: __slots__ - names are mangled with the class name and sorted; member descriptors come before __dict__/__weakref__; items must be identifier strings and must not clash with class attributes
import gc, sys
class P:
    __slots__ = ('b', 'a', '__weakref__')
print(list(P.__dict__))
class Q:
    __slots__ = ('z', '__dict__', 'y')
print(list(Q.__dict__))
class S(P):
    __slots__ = ('_b', 'A', '__a')
print(list(S.__dict__), S.__basicsize__, P.__basicsize__)
s = S()
s.b, s.a, s._b, s.A, s._S__a = [1], [2], [3], [4], [5]
print([x[0] for x in gc.get_referents(s) if type(x) is list])
class __Under:
    __slots__ = ('__x',)
print(list(__Under.__dict__))
tests = [
 "class A:\n    __slots__ = ('a',)\n    a = 1",
 "class A:\n    __slots__ = (1,)",
 "class A:\n    __slots__ = ('1a',)",
 "class A:\n    __slots__ = ('__qualname__',)",
 "class A:\n    __slots__ = ('__dict__', '__dict__')",
 "class A:\n    __slots__ = 'a b'",
 "class A:\n    __slots__ = {'b': 'doc b', 'a': 'doc a'}\nprint(list(A.__dict__))",
 "class A(int):\n    __slots__ = ('x',)",
]
for t in tests:
    try:
        exec(t, {})
        print('ok')
    except Exception as e:
        print(type(e).__name__, e)
