# topic: datetime - dates, times and durations a lesson builds, and their arithmetic
from datetime import date, datetime, time, timedelta, timezone

print(repr(date(2003, 12, 2)), date(2003, 12, 2))
print(date(2003, 12, 2).strftime("%m-%d-%y. %d %b %Y is a %A on the %d day of %B."))
print((date(2003, 12, 2) - date(1964, 7, 31)).days)
print(repr(timedelta(days=-1, seconds=5)), timedelta(days=-1, seconds=5), timedelta(hours=1.5))
print(repr(timedelta()), timedelta(weeks=3, milliseconds=2.5), timedelta(days=1) / timedelta(hours=1))
print(repr(datetime(2020, 2, 28, 23, 59, 30)), datetime(2020, 2, 28, 23, 59, 30) + timedelta(seconds=45))
print(datetime(2020, 2, 28, 23, 59, 30).isoformat(), date(2020, 2, 28).weekday(), date(2021, 1, 3).isocalendar())
print(datetime.strptime('2021-03-04 05:06:07', '%Y-%m-%d %H:%M:%S'), repr(time(12, 30)), time(1, 2, 3, 4))
print(date.fromisoformat('2020-01-05'), date.fromordinal(737000), date(2020, 1, 31).replace(day=15))
print(sorted([date(2020, 1, 1), date(2019, 5, 5)]), date(2020, 1, 1) < date(2020, 1, 2))
print(datetime(2020, 1, 1, 12, tzinfo=timezone.utc).isoformat(), repr(timezone.utc), timezone(timedelta(hours=-5)))
print(datetime(2000, 1, 1).timestamp(), datetime.utcfromtimestamp(10**9), datetime(2020, 1, 1) - datetime(2019, 12, 25, 6))
for bad in [(2020, 13, 1), (2020, 2, 30)]:
    try:
        date(*bad)
    except ValueError as e:
        print('ValueError', e)
