# topic: time - struct_time, gmtime/localtime, strftime, mktime (the oracle's zone is UTC)
import time

t = time.gmtime(1234567890)
print(t)
print(t.tm_year, t[0], len(t), t.tm_wday, t.tm_yday, tuple(t[:3]))
print(time.mktime(t), time.asctime(t), time.ctime(0))
print(time.strftime('%Y-%m-%d %H:%M:%S %a %A %b %B %j %p %I', t))
print(time.strptime('2021-03-04', '%Y-%m-%d'))
print(type(t).__name__, time.localtime(0) == time.gmtime(0))
