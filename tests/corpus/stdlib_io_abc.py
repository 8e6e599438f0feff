# topic: io's abstract classes - IOBase's defaults, a stream class of your own, and registration
import io
import sys
from abc import ABC


class Shouter(io.TextIOBase):
    """A text stream that keeps what it is given, upper-cased."""

    def __init__(self):
        self.parts = []

    def writable(self):
        return True

    def write(self, text):
        self.parts.append(text.upper())
        return len(text)


class Chunks(io.RawIOBase):
    """Bytes handed out a few at a time through readinto."""

    def __init__(self, data):
        self.data = data
        self.pos = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        chunk = self.data[self.pos:self.pos + min(3, len(buffer))]
        buffer[:len(chunk)] = chunk
        self.pos += len(chunk)
        return len(chunk)


out = Shouter()
print(out.write('hello'), out.parts, out.closed, out.readable(), out.seekable(), vars(out))
out.writelines(['a', 'b'])
print(out.parts, isinstance(out, io.IOBase), isinstance(out, io.TextIOBase))
with out as same:
    print(same is out, out.closed)
print(out.closed, sorted(vars(out)))
for name, call in [('read', lambda: Shouter().read()), ('seek', lambda: Shouter().seek(0)),
                   ('fileno', lambda: Shouter().fileno()), ('detach', lambda: Shouter().detach()),
                   ('closed', lambda: out.writelines(['c']))]:
    try:
        call()
    except (OSError, ValueError) as e:
        print(name, type(e).__name__, repr(e), isinstance(e, io.UnsupportedOperation))

raw = Chunks(b'one\ntwo\nthree')
print(raw.readline(), raw.read(2), list(raw), raw.read())
print(Chunks(b'abcdefgh').readall(), Chunks(b'xy\nz').readlines())

print(isinstance(sys.stdout, io.IOBase), isinstance(sys.stdout, io.TextIOBase))
print(isinstance(io.StringIO(), io.TextIOBase), isinstance(io.BytesIO(), io.BufferedIOBase))
print(issubclass(io.StringIO, io.RawIOBase), type(io.IOBase).__name__, io.TextIOBase.__mro__)


class Stream(ABC):
    pass


print(isinstance(io.StringIO(), Stream))
Stream.register(io.IOBase)
print(isinstance(io.StringIO(), Stream), isinstance(sys.stdout, Stream), isinstance(3, Stream))
print(io.UnsupportedOperation.__mro__, io.SEEK_END)
