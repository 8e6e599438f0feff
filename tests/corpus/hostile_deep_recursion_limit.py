# Any recursion limit CPython accepts works: 30,000 Python calls deep under a limit of
# 50,000 (issue 9, item 12); and setrecursionlimit checks its argument as CPython does.
import sys
sys.setrecursionlimit(50000)
def f(n):
    if n == 0:
        return 0
    return f(n - 1) + 1
print(f(30000))
print(sys.getrecursionlimit())
def g(n):
    return g(n + 1)
try:
    g(0)
except RecursionError as e:
    print(e)
for bad in [0, -5, 2**31, 1.5, 'x']:
    try:
        sys.setrecursionlimit(bad)
    except Exception as e:
        print(type(e).__name__, e)
def h():
    sys.setrecursionlimit(3)
try:
    h()
except RecursionError as e:
    print(e)
print(sys.getrecursionlimit())
sys.setrecursionlimit(1000)
