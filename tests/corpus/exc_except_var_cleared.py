# topic: exceptions - `except E as e` deletes e at the end of the handler; save it in another name to keep it
try:
    1 / 0
except ZeroDivisionError as e:
    print('inside:', e)
    saved = e
try:
    e
except NameError as err:
    print('NameError:', err)
print('saved survives:', repr(saved), type(saved.__traceback__).__name__)
e = 'preexisting'
try:
    raise ValueError('x')
except ValueError as e:
    pass
print('e' in dir(), 'e' in globals())
def in_function():
    try:
        raise KeyError('a')
    except KeyError as exc:
        pass
    return exc
try:
    in_function()
except UnboundLocalError as ule:
    print('UnboundLocalError:', ule)
