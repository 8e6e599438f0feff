# bytes and bytearray: %-formatting (PEP 461, _PyBytes_FormatEx), hex() with a separator
# (Python/pystrhex.c), deleting items of a bytearray, += and *= changing a bytearray in
# place (an alias sees it), bytearray's repr escaping every single quote, index errors.
class B:
    def __bytes__(self):
        return b'BB'
cases = [
    (b'%s|%b|%5s|%-5s|%.1s', (b'ab', bytearray(b'cd'), b'x', b'y', b'zzz')),
    (b'%r %a', ('\xe9', b'q')),
    (b'%s', (B(),)),
    (b'%s', ('str',)),
    (b'%s', (3,)),
    (b'%c%c%c', (65, b'B', bytearray(b'C'))),
    (b'%c', (256,)),
    (b'%c', (b'ab',)),
    (b'%c', ('a',)),
    (b'%d %i %05.2f %x %X %o %e %g %%', (1, 2, 3.14159, 255, 255, 8, 1e10, 0.5)),
    (b'%(a)s-%(b)d', {b'a': b'A', b'b': 2}),
    (b'%(a)s', {'a': b'A'}),
    (b'%s %s', (b'x',)),
    (b'%s', (b'x', b'y')),
    (b'%z', (1,)),
    (b'%s', b'single'),
    (b'%s', bytearray(b'ba')),
    (b'no format', ()),
    (b'no format', (1,)),
    (b'%x', ('s',)),
    (b'%d', (b'1',)),
    (b'%*d|%-*d', (5, 1, 4, 2)),
    (b'\xff%s\x00', (b'\xfe',)),
]
for fmt, args in cases:
    try:
        print(repr(fmt % args))
    except Exception as e:
        print(type(e).__name__, e)
    try:
        print(repr(bytearray(fmt) % args))
    except Exception as e:
        print('ba', type(e).__name__, e)
for a in [(':',), ('-', 2), (b'_', -4), ('_', 4), ('::',), ('é',), (3,), (':', 0), (':', 10), (':', -1), (':', 'x'), ('',), (None,), (':', 2**70)]:
    try:
        print(a, b'abcdef'.hex(*a))
    except Exception as e:
        print(a, type(e).__name__, e)
for kw in [dict(sep=':'), dict(bytes_per_sep=2), dict(sep='-', bytes_per_sep=3)]:
    try:
        print(kw, b'abcdef'.hex(**kw))
    except Exception as e:
        print(kw, type(e).__name__, e)
print(b''.hex(':'), bytearray(b'\x01').hex(':', 5))
try:
    b'a'.hex(':', 1, 2)
except Exception as e:
    print(type(e).__name__, e)
ba = bytearray(b'ab'); c = ba
ba += b'cd'; print(ba is c, c)
ba *= 2; print(ba is c, c)
ba += bytearray(b'!'); print(c)
for stmt in ["ba += 'x'", "ba += [1]", "ba *= 'x'", "ba *= 2**70", "ba *= 1.5"]:
    try:
        exec(stmt)
    except Exception as e:
        print(type(e).__name__, e)
ba *= -1; print(ba is c, c)
print(bytearray(b'ab').__iadd__(b'c'), bytearray(b'ab').__imul__(2), b'%s'.__mod__(b'x'))
try:
    print(b'%s'.__rmod__(b'x'))
except TypeError as e:
    print('TypeError', e)
for stmt in ["del ba[0]", "del ba[-1]", "del ba[1:3]", "del ba[::2]", "del ba[::-3]", "del ba[99]", "del ba['x']", "ba[0]"]:
    ba = bytearray(b'abcdefgh')
    try:
        exec(stmt)
        print(stmt, ba)
    except Exception as e:
        print(stmt, type(e).__name__, e)
for stmt in ["b'abc'[5]", "b'abc'['x']", "bytearray(b'abc')[-9]", "bytearray(b'abc')[1.0]"]:
    try:
        print(eval(stmt))
    except Exception as e:
        print(stmt, type(e).__name__, e)
print(bytearray(b"it's"), bytearray(b'say "x"'), bytearray(b'both \' and "'), b"it's", b'both \' and "')
