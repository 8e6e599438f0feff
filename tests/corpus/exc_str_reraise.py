# topic: exceptions - a class's own __str__, and a bare raise that re-raises what is handled
class MyError(Exception):
    def __init__(self, value):
        self.value = value
    def __str__(self):
        return repr(self.value)

try:
    raise MyError('oops!')
except MyError as e:
    print(str(e), e.args, e.value)

def handler():
    try:
        raise NameError('HiThere')
    except NameError:
        print('An exception flew by!')
        raise

try:
    handler()
except NameError as e:
    tb = e.__traceback__
    lines = []
    while tb is not None:
        lines.append(tb.tb_lineno)
        tb = tb.tb_next
    print(lines)
raise MyError('last')
