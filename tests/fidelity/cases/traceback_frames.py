# topic: tracebacks - tb_next/tb_frame/tb_lineno, each frame an exception passed through kept alive with its locals (exact refcounts), `e.__traceback__ = None` releasing them, `except ... as e` deleting e, sys.exc_info()
import sys

class Big:
    def __init__(self, tag):
        self.tag = tag
    def __del__(self):
        print('freed', self.tag)

def level2(arg):
    big = Big('level2')
    raise KeyError('missing')

def level1():
    local_list = [1, 2]
    level2(local_list)

payload = [42]
try:
    level1()
except KeyError as exc:
    t, v, tb = sys.exc_info()
    print(t is KeyError, v is exc, tb is exc.__traceback__)
    saved = exc
print('handler done, exc gone:', 'exc' in globals())
tb = saved.__traceback__
names = []
while tb is not None:
    names.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))
    tb = tb.tb_next
print(names)
deepest = saved.__traceback__.tb_next.tb_next.tb_frame
print(sorted(deepest.f_locals), deepest.f_back.f_code.co_name)
print(sys.getrefcount(deepest.f_locals['arg']), type(deepest.f_locals['big']).__name__)
del deepest
print(sys.exc_info())
saved.__traceback__ = None
print('traceback dropped')
try:
    saved.__traceback__ = 'nope'
except TypeError as e:
    print('TypeError:', e)
del saved

def fails():
    raise ValueError('x')
try:
    fails()
except ValueError as e:
    tb = e.__traceback__
    print(tb.tb_next.tb_next, tb.tb_frame is sys._getframe())
    try:
        tb.tb_next = tb
    except ValueError as loop:
        print('ValueError:', loop)
    tb.tb_next = None
    print(e.__traceback__.tb_next)
try:
    e
except NameError as n:
    print('NameError:', n)
print(sys.getrefcount(payload))
