# topic: a traceback through library code names CPython's file and line for a frame in a
# Python module (string, enum, weakref, re's functions), and has no entry for C code (re's
# matcher), as python3 shows
import enum
import re
import string
import sys
import traceback
import weakref


def show(thunk):
    try:
        thunk()
    except Exception as e:
        text = ''.join(traceback.format_exception(e))
        print(text.replace(__file__, 'THIS_FILE'), end='')


class Color(enum.Enum):
    RED = 1
    GREEN = 2


show(lambda: string.Template('$who likes $what').substitute(who='tim'))
show(lambda: string.Template('$who likes $').substitute(who='tim'))
print(string.Template('$who likes ${what} $$5').substitute({'what': 'tea'}, who='tim'))
print(string.Template('$a and $b').safe_substitute(a=1))
print(string.Template('${x}$y $').is_valid(), string.Template('${x}$y').get_identifiers())


class Percent(string.Template):
    delimiter = '%'
    idpattern = '[a-z]+_[a-z]+'


print(Percent('%% %with_under %plain').safe_substitute(with_under='W', plain='P'))
show(lambda: Color(5))
show(lambda: Color['PURPLE'])


@enum.unique
class Fine(enum.Enum):
    A = 1
    B = 2


def dup():
    @enum.unique
    class Twice(enum.Enum):
        A = 1
        B = 1


show(dup)


class Thing:
    pass


t = Thing()
d = weakref.WeakValueDictionary({'t': t})
show(lambda: d['missing'])
k = weakref.WeakKeyDictionary()
show(lambda: k[t])


def bad_repl(m):
    return m.group(0) + 1


show(lambda: re.sub(r'\d', bad_repl, 'a1'))
show(lambda: re.compile(r'\w+').sub(bad_repl, 'ab'))
show(lambda: re.match(5, 'x'))
sys.stdout.flush()
