# topic: io's base classes are _io's static C types: a stream class of your own keeps its dict behind a dict pointer
import _io
import gc
import io
import sys

for t in [_io._IOBase, _io._RawIOBase, _io._BufferedIOBase, _io._TextIOBase, io.IOBase, io.TextIOBase]:
    print(t, t.__basicsize__, t.__dictoffset__, t.__weakrefoffset__, sys.getsizeof(t), gc.is_tracked(t))


class Log(io.TextIOBase):
    def write(self, text):
        self.last = text
        return len(text)


class Packed(io.RawIOBase):
    __slots__ = ('pos',)


log = Log()
print(sys.getsizeof(Log), sys.getsizeof(log), gc.is_tracked(log), Log.__dictoffset__, Log.__basicsize__)
print(log.write('hi'), sys.getsizeof(log), sys.getsizeof(log.__dict__), vars(log))
p = Packed()
print(sys.getsizeof(p), sys.getsizeof(io.IOBase()), hasattr(p, '__dict__'), Packed.__weakrefoffset__)
