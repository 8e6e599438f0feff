# A conditional expression leaves the value stack one deeper on one path than the other;
# an exception unwinding through `finally` or a non-matching `except` afterwards must cut
# the stack to the handler's depth (issue 9, item 1).
x = 1 if [] else 2
y = [3] if x else None
try:
    try:
        1 / 0
    finally:
        print('finally', x, y)
except ZeroDivisionError as e:
    print('caught', e)
try:
    try:
        z = 'a' if y else 'b'
        [][0]
    except KeyError:
        print('not here')
except IndexError as e:
    print('outer', z, e)
def f(v):
    w = v if v > 0 else -v
    try:
        return w / 0
    finally:
        print('f finally', w)
try:
    f(-3)
except ZeroDivisionError:
    print('f raised')
x = 1 if [] else 2
try:
    1 / 0
finally:
    print('finally')
