# queue.SimpleQueue is _queue.SimpleQueue, a C object: 72 bytes with its GC header, its items
# in a list it owns (gc.get_referents shows it); get() leaves None behind and cuts the used
# front off the list once more than half of it is used.
import queue, _queue, sys, gc
sq = queue.SimpleQueue()
print(type(sq), sys.getsizeof(sq), gc.is_tracked(sq), queue.SimpleQueue is _queue.SimpleQueue)
print(gc.get_referents(sq))
for i in range(5):
    sq.put(i)
sq.put_nowait('x')
print(sq.qsize(), sq.empty(), gc.get_referents(sq)[0])
print(sq.get(), gc.get_referents(sq)[0])
print(sq.get(block=False), gc.get_referents(sq)[0])
print(sq.get(timeout=0.01), gc.get_referents(sq)[0])
print(sq.get_nowait(), sq.get(), sq.get(), sq.empty(), gc.get_referents(sq)[0])
try:
    sq.get_nowait()
except queue.Empty as e:
    print('Empty', repr(e), type(e).__module__, queue.Empty is _queue.Empty)
try:
    sq.get(timeout=-1)
except ValueError as e:
    print('ValueError', e)
try:
    sq.get(timeout=0.01)
except queue.Empty:
    print('Empty after the timeout')
try:
    queue.SimpleQueue(3)
except TypeError as e:
    print('TypeError', e)
print(sorted(set(vars(_queue.SimpleQueue)) - {'__new__', '__doc__', '__module__'}))
import weakref
w = weakref.ref(sq)
print(w() is sq)
print(queue.SimpleQueue[int], list[queue.SimpleQueue])
