# topic: io - StringIO/BytesIO cursors, print(file=...), sys.stdout replaced
import io, sys
s = io.StringIO('ab\ncd')
print(repr(s.read(1)), s.tell(), s.readline(), s.readline(), repr(s.readline()))
s.seek(1); s.write('XYZW'); print(repr(s.getvalue()), s.tell())
s.seek(10); s.write('q'); print(repr(s.getvalue()))
print(s.truncate(3), repr(s.getvalue()), s.tell())
print(sys.getsizeof(io.StringIO()), sys.getsizeof(io.StringIO('abc')), sys.getsizeof(io.BytesIO(b'abc')))
s.close()
for f in [s.getvalue, lambda: s.write('x')]:
    try: f()
    except ValueError as e: print(e)
print(s.closed, io.StringIO('a\r\nb', newline=None).read().encode(), repr(io.StringIO(newline=None).write('a\r\nb')))
w = io.StringIO(newline=None); w.write('a\r\nb\rc'); print(repr(w.getvalue()))
b = io.BytesIO(); b.write(b'abc'); b.seek(0); print(b.read(2), b.getvalue(), b.tell(), type(b))
print(list(io.StringIO('x\ny\n')), io.StringIO('q').readlines())
for f in [lambda: io.StringIO(1), lambda: io.StringIO().write(1), lambda: io.BytesIO().write('s')]:
    try: f()
    except TypeError as e: print(e)
out = io.StringIO()
print('hello', 42, sep='-', file=out)
print('second', file=out, end='!')
print(repr(out.getvalue()))
old = sys.stdout
sys.stdout = buf = io.StringIO()
print('captured')
sys.stdout = old
print('got', repr(buf.getvalue()))
with io.StringIO() as f:
    f.write('in with')
    print(f.getvalue())
print(f.closed, io.StringIO is io.StringIO, io.StringIO.__module__, type(sys.stdout).__name__)
