# topic: frames as objects - sys._getframe(depth), f_back, f_code, f_lineno while running, f_globals; f_locals is one dict per frame, refilled on each read, holding a reference to each local until the frame ends; a returned frame object keeps its locals
import gc
import sys

def inner(token):
    here = sys._getframe()
    caller = here.f_back
    print(here.f_code.co_name, here.f_lineno, caller.f_code.co_name, caller.f_lineno)
    print(sys._getframe(1) is caller, sys._getframe(2).f_back is None, here.f_globals is globals())
    print(here.f_lineno)
    return here

def outer():
    data = ['payload']
    frame = inner(data)
    return frame, data

frame, data = outer()
print(frame.f_code.co_name, frame.f_lineno, sorted(frame.f_locals))
print(frame.f_locals['token'] is data, frame.f_back.f_code.co_name)
print(gc.is_tracked(frame), gc.is_tracked(sys._getframe()))
print(sys.getsizeof(frame) > 136, repr(frame).startswith('<frame at 0x'), "code inner>" in repr(frame))
print(sys._getframe().f_locals is globals(), sys._getframe().f_back)

def counts():
    items = [1, 2, 3]
    before = sys.getrefcount(items)
    snapshot = sys._getframe().f_locals
    after = sys.getrefcount(items)
    again = sys._getframe().f_locals
    print(before, after, again is snapshot, locals() is snapshot, sorted(snapshot))
    late = 'added later'
    print('late' in snapshot, 'late' in sys._getframe().f_locals)
    del late
    print('late' in sys._getframe().f_locals)

counts()
try:
    sys._getframe(50)
except ValueError as e:
    print('ValueError:', e)
try:
    sys._getframe().clear()
except RuntimeError as e:
    print('RuntimeError:', e)
kept = frame.f_locals['here']
print(kept is frame)
frame.clear()
print(sorted(frame.f_locals))

def closure():
    outer_value = [1]
    def use():
        return outer_value
    return sys._getframe(), use
f2, use = closure()
print(sorted(f2.f_locals), f2.f_locals['outer_value'] is use())
