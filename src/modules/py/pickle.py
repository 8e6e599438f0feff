"""Create portable serialized representations of Python objects: refscope's model of
CPython 3.11's pickle (protocols 4 and 5, the default and the highest), byte for byte as the
C accelerator `_pickle` writes them, and back.

Why: a lesson that prints `pickle.dumps(obj)` shows bytes; they must be CPython's.

Example: `pickle.dumps([1, [2]])` is
`b'\x80\x04\x95\x0c\x00\x00\x00\x00\x00\x00\x00]\x94(K\x01]\x94K\x02ae.'`: PROTO 4, one FRAME
of 12 bytes, EMPTY_LIST MEMOIZE MARK 1, the inner list EMPTY_LIST MEMOIZE 2 APPEND (one item),
APPENDS, STOP.

The mechanism, under _pickle.c's names: `save` dispatches on the exact type; ints take the
smallest of BININT1/BININT2/BININT/LONG1/LONG4, floats BINFLOAT; str and bytes the short or
long form, then MEMOIZE; an object already in the memo is a BINGET/LONG_BINGET of its index;
tuples of 1-3 items TUPLE1-3, longer ones MARK..TUPLE; lists, dicts and sets are created empty,
memoized, then filled in batches of 1000 (APPEND/SETITEM for a single item); frozensets
MARK..FROZENSET; an instance goes through `__reduce_ex__(protocol)` (`copyreg.__newobj__`):
the class by STACK_GLOBAL, NEWOBJ, then its state by BUILD. The framer commits a FRAME of at
least 4 bytes at an opcode boundary once 64 KiB are buffered; a str or bytes payload of 64 KiB
or more is written outside any frame. Not modelled: protocols 0-3, persistent ids, reducers
other than `__newobj__`, out-of-band buffers, Pickler/Unpickler classes.
"""

import sys

__all__ = ["PickleError", "PicklingError", "UnpicklingError", "dump", "dumps", "load", "loads",
           "HIGHEST_PROTOCOL", "DEFAULT_PROTOCOL"]

HIGHEST_PROTOCOL = 5
DEFAULT_PROTOCOL = 4


class PickleError(Exception):
    pass


class PicklingError(PickleError):
    pass


class UnpicklingError(PickleError):
    pass


MARK = b'('
STOP = b'.'
POP = b'0'
POP_MARK = b'1'
BININT = b'J'
BININT1 = b'K'
BININT2 = b'M'
NONE = b'N'
BINUNICODE = b'X'
APPEND = b'a'
BUILD = b'b'
EMPTY_DICT = b'}'
APPENDS = b'e'
BINGET = b'h'
LONG_BINGET = b'j'
EMPTY_LIST = b']'
SETITEM = b's'
TUPLE = b't'
SETITEMS = b'u'
BINFLOAT = b'G'
EMPTY_TUPLE = b')'
PROTO = b'\x80'
NEWOBJ = b'\x81'
TUPLE1 = b'\x85'
TUPLE2 = b'\x86'
TUPLE3 = b'\x87'
NEWTRUE = b'\x88'
NEWFALSE = b'\x89'
LONG1 = b'\x8a'
LONG4 = b'\x8b'
BINBYTES = b'B'
SHORT_BINBYTES = b'C'
SHORT_BINUNICODE = b'\x8c'
BINUNICODE8 = b'\x8d'
BINBYTES8 = b'\x8e'
EMPTY_SET = b'\x8f'
ADDITEMS = b'\x90'
FROZENSET = b'\x91'
STACK_GLOBAL = b'\x93'
MEMOIZE = b'\x94'
FRAME = b'\x95'

_BATCHSIZE = 1000
_FRAME_SIZE_MIN = 4
_FRAME_SIZE_TARGET = 64 * 1024


def _encode_long(x):
    if x == 0:
        return b''
    nbytes = (x.bit_length() >> 3) + 1
    result = x.to_bytes(nbytes, byteorder='little', signed=True)
    if x < 0 and nbytes > 1:
        if result[-1] == 0xff and (result[-2] & 0x80) != 0:
            result = result[:-1]
    return result


# the model has no struct module: fixed-size ints with int.to_bytes, doubles through
# float.hex (IEEE 754 binary64, big-endian as pickle's BINFLOAT)
def _u(n, size):
    return n.to_bytes(size, 'little')


def _i32(n):
    return n.to_bytes(4, 'little', signed=True)


def _pack_double(x):
    if x != x:
        return b'\x7f\xf8' + bytes(6)
    sign = 0x8000000000000000 if (x < 0 or (x == 0 and str(x)[0] == '-')) else 0
    x = abs(x)
    if x == float('inf'):
        bits = 0x7ff << 52
    else:
        h = x.hex()                    # 0x1.8000000000000p+0, 0x0.0000000000001p-1022
        mant, exp = h[2:].split('p')
        lead, frac = mant.split('.')
        frac = int(frac.ljust(13, '0'), 16)
        e = int(exp)
        if lead == '1':
            bits = ((e + 1023) << 52) | frac
        else:
            bits = frac                 # zero or subnormal
    return (sign | bits).to_bytes(8, 'big')


def _unpack_double(b):
    bits = int.from_bytes(b, 'big')
    sign = '-' if bits >> 63 else ''
    e = (bits >> 52) & 0x7ff
    frac = bits & ((1 << 52) - 1)
    if e == 0x7ff:
        return float(sign + ('nan' if frac else 'inf'))
    if e == 0:
        return float.fromhex('%s0x0.%013xp-1022' % (sign, frac))
    return float.fromhex('%s0x1.%013xp%+d' % (sign, frac, e - 1023))


class _Pickler:
    def __init__(self, protocol):
        self.proto = protocol
        self.memo = {}
        self.frames = []
        self.current = bytearray()

    def write(self, b):
        self.current += b

    def commit_frame(self, force=False):
        # _Pickler_CommitFrame at an opcode boundary
        if self.current and (force or len(self.current) >= _FRAME_SIZE_TARGET):
            data = bytes(self.current)
            if len(data) >= _FRAME_SIZE_MIN:
                self.frames.append(FRAME + _u(len(data), 8) + data)
            else:
                self.frames.append(data)
            self.current = bytearray()

    def memoize(self, obj):
        self.memo[id(obj)] = (len(self.memo), obj)
        self.write(MEMOIZE)

    def get(self, i):
        self.write(BINGET + bytes([i]) if i < 256 else LONG_BINGET + _u(i, 4))

    def save(self, obj):
        self.commit_frame()
        t = type(obj)
        if obj is None:
            return self.write(NONE)
        if obj is True:
            return self.write(NEWTRUE)
        if obj is False:
            return self.write(NEWFALSE)
        if t is int:
            return self.save_long(obj)
        if t is float:
            return self.write(BINFLOAT + _pack_double(obj))
        x = self.memo.get(id(obj))
        if x is not None:
            return self.get(x[0])
        if t is str:
            return self.save_str(obj)
        if t is bytes:
            return self.save_bytes(obj)
        if t is tuple:
            return self.save_tuple(obj)
        if t is list:
            self.write(EMPTY_LIST)
            self.memoize(obj)
            return self.batch_appends(obj)
        if t is dict:
            self.write(EMPTY_DICT)
            self.memoize(obj)
            return self.batch_setitems(list(obj.items()))
        if t is set:
            self.write(EMPTY_SET)
            self.memoize(obj)
            items = list(obj)
            for i in range(0, len(items), _BATCHSIZE):
                self.write(MARK)
                for item in items[i:i + _BATCHSIZE]:
                    self.save(item)
                self.write(ADDITEMS)
            return
        if t is frozenset:
            self.write(MARK)
            for item in obj:
                self.save(item)
            self.write(FROZENSET)
            return self.memoize(obj)
        if isinstance(obj, type):
            return self.save_global(obj)
        return self.save_reduce_ex(obj)

    def save_long(self, obj):
        if obj >= 0:
            if obj <= 0xff:
                return self.write(BININT1 + bytes([obj]))
            if obj <= 0xffff:
                return self.write(BININT2 + _u(obj, 2))
        if -0x80000000 <= obj <= 0x7fffffff:
            return self.write(BININT + _i32(obj))
        b = _encode_long(obj)
        n = len(b)
        if n < 256:
            self.write(LONG1 + bytes([n]) + b)
        else:
            self.write(LONG4 + _i32(n) + b)

    def write_large(self, header, payload):
        # _Pickler_write_bytes: a payload of a frame's size or more goes outside any frame
        if len(payload) >= _FRAME_SIZE_TARGET:
            self.commit_frame(force=True)
            self.frames.append(header + payload)
        else:
            self.write(header + payload)

    def save_str(self, obj):
        b = obj.encode('utf-8')  # CPython: 'surrogatepass' (lone surrogates not modelled)
        n = len(b)
        if n < 256:
            self.write_large(SHORT_BINUNICODE + bytes([n]), b)
        elif n <= 0xffffffff:
            self.write_large(BINUNICODE + _u(n, 4), b)
        else:
            self.write_large(BINUNICODE8 + _u(n, 8), b)
        self.memoize(obj)

    def save_bytes(self, obj):
        n = len(obj)
        if n < 256:
            self.write_large(SHORT_BINBYTES + bytes([n]), obj)
        elif n <= 0xffffffff:
            self.write_large(BINBYTES + _u(n, 4), obj)
        else:
            self.write_large(BINBYTES8 + _u(n, 8), obj)
        self.memoize(obj)

    def save_tuple(self, obj):
        if not obj:
            return self.write(EMPTY_TUPLE)
        n = len(obj)
        if n <= 3:
            for item in obj:
                self.save(item)
            x = self.memo.get(id(obj))
            if x is not None:
                self.write(POP * n)
                return self.get(x[0])
            self.write((TUPLE1, TUPLE2, TUPLE3)[n - 1])
            return self.memoize(obj)
        self.write(MARK)
        for item in obj:
            self.save(item)
        x = self.memo.get(id(obj))
        if x is not None:
            self.write(POP_MARK)
            return self.get(x[0])
        self.write(TUPLE)
        self.memoize(obj)

    def batch_appends(self, items):
        items = list(items)
        for i in range(0, len(items), _BATCHSIZE):
            chunk = items[i:i + _BATCHSIZE]
            if len(chunk) == 1:
                self.save(chunk[0])
                self.write(APPEND)
            else:
                self.write(MARK)
                for x in chunk:
                    self.save(x)
                self.write(APPENDS)

    def batch_setitems(self, items):
        for i in range(0, len(items), _BATCHSIZE):
            chunk = items[i:i + _BATCHSIZE]
            if len(chunk) == 1:
                k, v = chunk[0]
                self.save(k)
                self.save(v)
                self.write(SETITEM)
            else:
                self.write(MARK)
                for k, v in chunk:
                    self.save(k)
                    self.save(v)
                self.write(SETITEMS)

    def save_global(self, obj):
        module = getattr(obj, '__module__', None)
        name = obj.__qualname__
        self.save(module)
        self.save(name)
        self.write(STACK_GLOBAL)
        self.memoize(obj)

    def save_reduce_ex(self, obj):
        rv = obj.__reduce_ex__(self.proto)
        if isinstance(rv, str):
            return self.save_global(obj)
        func, args = rv[0], rv[1]
        state = rv[2] if len(rv) > 2 else None
        if getattr(func, '__name__', '') == '__newobj__':
            cls = args[0]
            self.save(cls)
            self.save(tuple(args[1:]))
            self.write(NEWOBJ)
        else:
            raise NotImplementedError('refscope does not model pickling by __reduce__ '
                                      'functions other than copyreg.__newobj__')
        self.memoize(obj)
        if state is not None:
            self.save(state)
            self.write(BUILD)


def dumps(obj, protocol=None, *, fix_imports=True, buffer_callback=None):
    if protocol is None:
        protocol = DEFAULT_PROTOCOL
    if protocol < 0:
        protocol = HIGHEST_PROTOCOL
    if protocol < 4:
        raise NotImplementedError('refscope does not model pickle protocols below 4')
    p = _Pickler(protocol)
    p.save(obj)
    p.write(STOP)
    p.commit_frame(force=True)
    return PROTO + bytes([protocol]) + b''.join(p.frames)


def dump(obj, file, protocol=None, *, fix_imports=True, buffer_callback=None):
    file.write(dumps(obj, protocol))


class _Unpickler:
    def __init__(self, data):
        self.data = data
        self.pos = 0
        self.stack = []
        self.metastack = []
        self.memo = {}

    def read(self, n):
        if self.pos + n > len(self.data):
            raise UnpicklingError('pickle data was truncated')
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def pop_mark(self):
        items = self.stack
        self.stack = self.metastack.pop()
        return items

    def load(self):
        read = self.read
        stack = self.stack
        while True:
            if self.pos >= len(self.data):
                raise EOFError('Ran out of input')
            op = read(1)
            if op == PROTO:
                proto = read(1)[0]
                if proto > HIGHEST_PROTOCOL:
                    raise ValueError('unsupported pickle protocol: %d' % proto)
            elif op == FRAME:
                read(8)
            elif op == STOP:
                return self.stack.pop()
            elif op == MARK:
                self.metastack.append(self.stack)
                self.stack = []
            elif op == POP:
                if self.stack:
                    self.stack.pop()
                else:
                    self.pop_mark()
            elif op == POP_MARK:
                self.pop_mark()
            elif op == NONE:
                self.stack.append(None)
            elif op == NEWTRUE:
                self.stack.append(True)
            elif op == NEWFALSE:
                self.stack.append(False)
            elif op == BININT1:
                self.stack.append(read(1)[0])
            elif op == BININT2:
                self.stack.append(int.from_bytes(read(2), 'little'))
            elif op == BININT:
                self.stack.append(int.from_bytes(read(4), 'little', signed=True))
            elif op == LONG1:
                n = read(1)[0]
                self.stack.append(int.from_bytes(read(n), 'little', signed=True))
            elif op == LONG4:
                n = int.from_bytes(read(4), 'little', signed=True)
                self.stack.append(int.from_bytes(read(n), 'little', signed=True))
            elif op == BINFLOAT:
                self.stack.append(_unpack_double(read(8)))
            elif op == SHORT_BINUNICODE:
                n = read(1)[0]
                self.stack.append(str(read(n), 'utf-8'))
            elif op == BINUNICODE:
                n = int.from_bytes(read(4), 'little')
                self.stack.append(str(read(n), 'utf-8'))
            elif op == BINUNICODE8:
                n = int.from_bytes(read(8), 'little')
                self.stack.append(str(read(n), 'utf-8'))
            elif op == SHORT_BINBYTES:
                n = read(1)[0]
                self.stack.append(bytes(read(n)))
            elif op == BINBYTES:
                n = int.from_bytes(read(4), 'little')
                self.stack.append(bytes(read(n)))
            elif op == BINBYTES8:
                n = int.from_bytes(read(8), 'little')
                self.stack.append(bytes(read(n)))
            elif op == EMPTY_TUPLE:
                self.stack.append(())
            elif op in (TUPLE1, TUPLE2, TUPLE3):
                n = {TUPLE1: 1, TUPLE2: 2, TUPLE3: 3}[op]
                items = tuple(self.stack[-n:])
                del self.stack[-n:]
                self.stack.append(items)
            elif op == TUPLE:
                items = self.pop_mark()
                self.stack.append(tuple(items))
            elif op == EMPTY_LIST:
                self.stack.append([])
            elif op == APPEND:
                v = self.stack.pop()
                self.stack[-1].append(v)
            elif op == APPENDS:
                items = self.pop_mark()
                lst = self.stack[-1]
                if type(lst) is list:
                    # load_appends: PyList_SetSlice at the end (list_resize's over-allocation)
                    lst[len(lst):] = items
                else:
                    lst.extend(items)
            elif op == EMPTY_DICT:
                self.stack.append({})
            elif op == SETITEM:
                v = self.stack.pop()
                k = self.stack.pop()
                self.stack[-1][k] = v
            elif op == SETITEMS:
                items = self.pop_mark()
                d = self.stack[-1]
                for i in range(0, len(items), 2):
                    d[items[i]] = items[i + 1]
            elif op == EMPTY_SET:
                self.stack.append(set())
            elif op == ADDITEMS:
                items = self.pop_mark()
                self.stack[-1].update(items)
            elif op == FROZENSET:
                items = self.pop_mark()
                self.stack.append(frozenset(items))
            elif op == MEMOIZE:
                self.memo[len(self.memo)] = self.stack[-1]
            elif op == BINGET:
                self.stack.append(self.memo[read(1)[0]])
            elif op == LONG_BINGET:
                self.stack.append(self.memo[int.from_bytes(read(4), 'little')])
            elif op == STACK_GLOBAL:
                name = self.stack.pop()
                module = self.stack.pop()
                self.stack.append(self.find_class(module, name))
            elif op == NEWOBJ:
                args = self.stack.pop()
                cls = self.stack.pop()
                self.stack.append(cls.__new__(cls, *args))
            elif op == BUILD:
                state = self.stack.pop()
                inst = self.stack[-1]
                setstate = getattr(inst, '__setstate__', None)
                if setstate is not None:
                    setstate(state)
                else:
                    slotstate = None
                    if isinstance(state, tuple) and len(state) == 2:
                        state, slotstate = state
                    if state:
                        inst.__dict__.update(state)
                    if slotstate:
                        for k, v in slotstate.items():
                            setattr(inst, k, v)
            else:
                raise NotImplementedError('refscope does not model the pickle opcode %r' % op)

    def find_class(self, module, name):
        __import__(module)
        obj = sys.modules[module]
        for part in name.split('.'):
            obj = getattr(obj, part)
        return obj


def loads(data, /, *, fix_imports=True, encoding="ASCII", errors="strict", buffers=()):
    if isinstance(data, str):
        raise TypeError("a bytes-like object is required, not 'str'")
    return _Unpickler(bytes(data)).load()


def load(file, *, fix_imports=True, encoding="ASCII", errors="strict", buffers=()):
    return loads(file.read())
