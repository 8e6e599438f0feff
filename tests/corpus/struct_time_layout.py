# time.struct_time is a struct sequence: 9 visible fields and 2 more (tm_zone, tm_gmtoff) stored
# past ob_size, so len() is 9 and sys.getsizeof counts only the 9; gmtime() returns one
# untracked, calling the type makes a tracked one.
import time, sys, gc
t = time.gmtime(86400 * 365)
print(t, len(t), t[-1], t.tm_zone, t.tm_gmtoff, sys.getsizeof(t), gc.is_tracked(t))
u = time.struct_time((2000, 1, 2, 3, 4, 5, 6, 2, 0))
print(u.tm_zone, u.tm_gmtoff, sys.getsizeof(u), gc.is_tracked(u), u == tuple(u))
v = time.struct_time((2000, 1, 2, 3, 4, 5, 6, 2, 0, 'XYZ'))
print(v.tm_zone, v.tm_gmtoff, len(v), v.__reduce__())
w = time.struct_time(list(u), {'tm_gmtoff': 3600})
print(w.tm_zone, w.tm_gmtoff)
print(gc.get_referents(t)[1:], len(gc.get_referents(t)))
try:
    time.struct_time((1,) * 8)
except TypeError as e:
    print('TypeError', e)
