# topic: datetime's classes are _datetime's static C types: their size, their instances' C structs
import gc
import sys
from datetime import date, datetime, time, timedelta, timezone, tzinfo

for t in [date, datetime, time, timedelta, timezone, tzinfo]:
    print(t.__name__, t.__module__, sys.getsizeof(t), gc.is_tracked(t), t)
d = date(2000, 1, 1)
dt = datetime(2000, 1, 1, 12, tzinfo=timezone.utc)
for o in [d, dt, time(1), timedelta(1), timezone.utc, tzinfo()]:
    print(type(o).__name__, sys.getsizeof(o), gc.is_tracked(o), hasattr(o, '__dict__'))


class Birthday(date):
    pass


class Stamp(datetime):
    __slots__ = ('note',)


class Zone(tzinfo):
    pass


b = Birthday(1990, 5, 17)
b.party = True
print(sys.getsizeof(Birthday), sys.getsizeof(Birthday(1990, 5, 17)), gc.is_tracked(b), vars(b))
print(sys.getsizeof(Stamp(2000, 1, 1)), sys.getsizeof(Zone()), gc.is_tracked(Zone()))
for bad in [lambda: d + 1, lambda: date(2020, 13, 1), lambda: timedelta(1) * 'x']:
    try:
        bad()
    except (TypeError, ValueError) as e:
        tb, frames = e.__traceback__, 0
        while tb is not None:
            tb, frames = tb.tb_next, frames + 1
        print(type(e).__name__, e, frames)
