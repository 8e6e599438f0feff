# topic: generator frames - gi_frame before start (def line), while suspended (f_lineno, f_locals), None when finished; gi_running inside the generator; gi_suspended; gi_yieldfrom while delegating; a frame object outliving its generator keeps the locals
import sys

def counter(limit):
    n = 0
    while n < limit:
        yield n
        n += 1

g = counter(3)
print(g.gi_frame.f_lineno, g.gi_running, g.gi_suspended, sorted(g.gi_frame.f_locals))
print(next(g), g.gi_frame.f_lineno, g.gi_frame.f_locals, g.gi_suspended)
print(g.gi_frame.f_back, g.gi_frame.f_code is counter.__code__)
print(list(g), g.gi_frame, g.gi_suspended)

def watcher():
    me = yield
    print('running inside:', me.gi_running, me.gi_frame.f_back.f_code.co_name)
    yield

w = watcher()
next(w)
w.send(w)

def inner():
    yield 'a'
    yield 'b'

def delegator():
    result = yield from inner()
    return result

d = delegator()
print(d.gi_yieldfrom)
next(d)
print(type(d.gi_yieldfrom).__name__, d.gi_yieldfrom.gi_frame.f_lineno)
kept = d.gi_yieldfrom
print(sys.getrefcount(kept))
d.close()
print(d.gi_frame, d.gi_yieldfrom, kept.gi_frame)

def holder():
    secret = ['kept by the frame object']
    yield secret

h = holder()
item = next(h)
frame = h.gi_frame
del h
print(frame.f_locals['secret'] is item, sys.getrefcount(item), frame.f_back)
