# __init__ must return None; the TypeError names the type of what it returned, and the
# value is released only after (issue 9, item 2).
class P:
    def __init__(self):
        return [1]
class Q:
    def __init__(self):
        return 'text'
class R:
    def __init__(self):
        return None
for cls in (P, Q, R):
    try:
        print(type(cls()).__name__)
    except TypeError as e:
        print('TypeError:', e)
def make():
    return [P() for _ in range(2)]
try:
    make()
except TypeError as e:
    print('in a comprehension:', e)
P()
