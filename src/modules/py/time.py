# The calendar half of time for refscope (Modules/timemodule.c's struct_time, gmtime,
# localtime, mktime, asctime, ctime, strftime, strptime), run after the Rust half (the clocks
# and sleep). The machine's zone is UTC (`timezone` is 0), so local time is UTC.

tzname = ('UTC', 'UTC')
# struct_time's fields with tm_zone and tm_gmtoff (timemodule.c)
_STRUCT_TM_ITEMS = 11

_DAYS = ('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun')
_MONTHS = (None, 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov',
           'Dec')
_FIELDS = ('tm_year', 'tm_mon', 'tm_mday', 'tm_hour', 'tm_min', 'tm_sec', 'tm_wday', 'tm_yday',
           'tm_isdst')


class struct_time(tuple):
    """The time value as returned by gmtime(), localtime(), and strptime(), and
 accepted by asctime(), mktime() and strftime().  May be considered as a
 sequence of 9 integers.

 Note that several fields' values are not the same as those defined by
 the C language standard for struct tm.  For example, the value of the
 field tm_year is the actual year, not year - 1900.  See individual
 fields' descriptions for details."""

    n_sequence_fields = 9
    n_fields = 11
    n_unnamed_fields = 0

    __slots__ = ()

    def __new__(cls, sequence, dict=None):
        # structseq_new: the sequence's items, the hidden fields from `dict` or None, and
        # the new object tracked
        seq = tuple(sequence)
        n = len(seq)
        if n < 9:
            raise TypeError('time.struct_time() takes an at least 9-sequence (%d-sequence given)'
                            % n)
        if n > 11:
            raise TypeError('time.struct_time() takes an at most 11-sequence (%d-sequence given)'
                            % n)
        if n < 11:
            seq = seq + tuple(None if dict is None else dict.get(name)
                              for name in ('tm_zone', 'tm_gmtoff')[n - 9:])
        return _structseq_new(cls, seq, 9, True)

    tm_year = property(lambda self: self[0], doc='year, for example, 1993')
    tm_mon = property(lambda self: self[1], doc='month of year, range [1, 12]')
    tm_mday = property(lambda self: self[2], doc='day of month, range [1, 31]')
    tm_hour = property(lambda self: self[3], doc='hours, range [0, 23]')
    tm_min = property(lambda self: self[4], doc='minutes, range [0, 59]')
    tm_sec = property(lambda self: self[5], doc='seconds, range [0, 61])')
    tm_wday = property(lambda self: self[6], doc='day of week, range [0, 6], Monday is 0')
    tm_yday = property(lambda self: self[7], doc='day of year, range [1, 366]')
    tm_isdst = property(lambda self: self[8], doc='1 if summer time is in effect, 0 if not, '
                        'and -1 if unknown')
    tm_zone = property(lambda self: _structseq_hidden(self, 0), doc='abbreviation of timezone name')
    tm_gmtoff = property(lambda self: _structseq_hidden(self, 1), doc='offset from UTC in seconds')

    def __repr__(self):
        return 'time.struct_time(%s)' % ', '.join(
            '%s=%r' % (name, value) for name, value in zip(_FIELDS, self))

    def __reduce__(self):
        return (struct_time, (tuple(self), {'tm_zone': self.tm_zone, 'tm_gmtoff': self.tm_gmtoff}))


struct_time.__module__ = 'time'


def _is_leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _civil(days):
    # days since 1970-01-01 to (year, month, day)
    z = days + 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + 1 if m <= 2 else y), m, d


def _days_from_civil(y, m, d):
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    mp = m - 3 if m > 2 else m + 9
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _seconds(secs, name):
    if secs is None:
        return int(time())
    if isinstance(secs, float):
        if secs != secs:
            raise ValueError('Invalid value NaN (not a number)')
        return int(secs)
    if isinstance(secs, int):
        return secs
    raise TypeError("'%s' object cannot be interpreted as an integer" % type(secs).__name__)


def _struct(secs, zone):
    days, rem = divmod(secs, 86400)
    y, m, d = _civil(days)
    hh, rem = divmod(rem, 3600)
    mm, ss = divmod(rem, 60)
    wday = (days + 3) % 7
    yday = days - _days_from_civil(y, 1, 1) + 1
    # PyStructSequence_New: filled in place, left untracked
    return _structseq_new(struct_time, (y, m, d, hh, mm, ss, wday, yday, 0, zone, 0), 9, False)


def gmtime(seconds=None):
    """gmtime([seconds]) -> (tm_year, tm_mon, tm_mday, tm_hour, tm_min,
                       tm_sec, tm_wday, tm_yday, tm_isdst)

Convert seconds since the Epoch to a time tuple expressing UTC (a.k.a.
GMT).  When 'seconds' is not passed in, convert the current time instead.

If the platform supports the tm_gmtoff and tm_zone, they are available as
attributes only."""
    return _struct(_seconds(seconds, 'gmtime'), 'GMT')


def localtime(seconds=None):
    """localtime([seconds]) -> (tm_year,tm_mon,tm_mday,tm_hour,tm_min,
                          tm_sec,tm_wday,tm_yday,tm_isdst)

Convert seconds since the Epoch to a time tuple expressing local time.
When 'seconds' is not passed in, convert the current time instead."""
    return _struct(_seconds(seconds, 'localtime'), tzname[0])


def _tuple(t, name):
    if t is None:
        return localtime()
    if not isinstance(t, tuple):
        raise TypeError('Tuple or struct_time argument required')
    if len(t) != 9:
        raise TypeError('%s(): illegal time tuple argument' % name)
    return t


def mktime(t):
    """mktime(tuple) -> floating point number

Convert a time tuple in local time to seconds since the Epoch.
Note that mktime(gmtime(0)) will not generally return zero for most
time zones; instead the returned value will either be equal to that
of the timezone or altzone attributes on the time module."""
    t = _tuple(t, 'mktime')
    y, m, d, hh, mm, ss = t[:6]
    y += (m - 1) // 12
    m = (m - 1) % 12 + 1
    return float(_days_from_civil(y, m, 1) + d - 1) * 86400 + hh * 3600 + mm * 60 + ss


def asctime(t=None):
    """asctime([tuple]) -> string

Convert a time tuple to a string, e.g. 'Sat Jun 06 16:26:11 1998'.
When the time tuple is not present, current time as returned by localtime()
is used."""
    t = _tuple(t, 'asctime')
    return '%s %s %2d %02d:%02d:%02d %d' % (_DAYS[t[6] % 7], _MONTHS[t[1]], t[2], t[3], t[4],
                                           t[5], t[0])


def ctime(seconds=None):
    """ctime(seconds) -> string

Convert a time in seconds since the Epoch to a string in local time.
This is equivalent to asctime(localtime(seconds)). When the time tuple is
not present, current time as returned by localtime() is used."""
    return asctime(localtime(seconds))


_FULLDAYS = ('Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday')
_FULLMONTHS = (None, 'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
               'September', 'October', 'November', 'December')


def strftime(format, t=None):
    """strftime(format[, tuple]) -> string

Convert a time tuple to a string according to a format specification.
See the library reference manual for formatting codes. When the time tuple
is not present, current time as returned by localtime() is used."""
    if not isinstance(format, str):
        raise TypeError('strftime() argument 1 must be str, not %s' % type(format).__name__)
    t = _tuple(t, 'strftime')
    year, month, day, hour, minute, second, wday, yday = t[:8]
    out = []
    i = 0
    n = len(format)
    while i < n:
        c = format[i]
        i += 1
        if c != '%' or i >= n:
            out.append(c)
            continue
        d = format[i]
        i += 1
        if d == 'Y':
            out.append('%d' % year)
        elif d == 'y':
            out.append('%02d' % (year % 100))
        elif d == 'm':
            out.append('%02d' % month)
        elif d == 'd':
            out.append('%02d' % day)
        elif d == 'e':
            out.append('%2d' % day)
        elif d == 'H':
            out.append('%02d' % hour)
        elif d == 'I':
            out.append('%02d' % (hour % 12 or 12))
        elif d == 'M':
            out.append('%02d' % minute)
        elif d == 'S':
            out.append('%02d' % second)
        elif d == 'p':
            out.append('AM' if hour < 12 else 'PM')
        elif d == 'a':
            out.append(_DAYS[wday % 7])
        elif d == 'A':
            out.append(_FULLDAYS[wday % 7])
        elif d in 'bh':
            out.append(_MONTHS[month])
        elif d == 'B':
            out.append(_FULLMONTHS[month])
        elif d == 'j':
            out.append('%03d' % yday)
        elif d == 'w':
            out.append('%d' % ((wday + 1) % 7))
        elif d == 'u':
            out.append('%d' % (wday % 7 + 1))
        elif d == 'U':
            out.append('%02d' % ((yday + 6 - (wday + 1) % 7) // 7))
        elif d == 'W':
            out.append('%02d' % ((yday + 6 - wday % 7) // 7))
        elif d == 'c':
            out.append(asctime(t))
        elif d == 'x' or d == 'D':
            out.append('%02d/%02d/%02d' % (month, day, year % 100))
        elif d == 'X' or d == 'T':
            out.append('%02d:%02d:%02d' % (hour, minute, second))
        elif d == 'R':
            out.append('%02d:%02d' % (hour, minute))
        elif d == 'F':
            out.append('%d-%02d-%02d' % (year, month, day))
        elif d == 'Z':
            out.append(tzname[0])
        elif d == 'z':
            out.append('+0000')
        elif d == 'n':
            out.append('\n')
        elif d == 't':
            out.append('\t')
        elif d in 'GgV':
            iso_year, iso_week = _iso_week(year, yday, wday % 7)
            if d == 'G':
                out.append('%d' % iso_year)
            elif d == 'g':
                out.append('%02d' % (iso_year % 100))
            else:
                out.append('%02d' % iso_week)
        elif d == 'C':
            out.append('%02d' % (year // 100))
        elif d == '%':
            out.append('%')
        else:
            out.append('%' + d)
    return ''.join(out)


def _iso_weeks(year):
    # ISO 8601: a year has 53 weeks when it starts on a Thursday (or a leap year on a
    # Wednesday), as glibc's strftime counts them for %G and %V
    def p(y):
        return (y + y // 4 - y // 100 + y // 400) % 7
    return 53 if p(year) == 4 or p(year - 1) == 3 else 52


def _iso_week(year, yday, wday):
    # (ISO year, ISO week) of day yday (1-based) of year, a weekday wday (Monday 0)
    week = (yday - (wday + 1) + 10) // 7
    if week < 1:
        return year - 1, _iso_weeks(year - 1)
    if week > _iso_weeks(year):
        return year + 1, 1
    return year, week


#@c
def strptime(string, format='%a %b %d %H:%M:%S %Y'):
    """strptime(string, format) -> struct_time

Parse a string to a time tuple according to a format specification.
See the library reference manual for formatting codes (same as
strftime())."""
    # time_strptime (C): _strptime._strptime_time, Python
    import _strptime
    return _strptime._strptime_time(string, format)


def tzset():
    """tzset()

Initialize, or reinitialize, the local timezone to the value stored in
os.environ['TZ']."""
    # the model's local time is UTC whatever TZ says: nothing to read again
#@end c
