#!/usr/bin/env python3
"""Record the calling convention (`ml_flags`) of CPython 3.11's C functions and methods, for the
modules and builtin types refscope models: how a call specialises in 3.11 (`PRECALL_NO_KW_BUILTIN_O`,
`PRECALL_BUILTIN_FAST_WITH_KEYWORDS`...) and so whether it holds a recursion guard (see
src/vm/quicken.rs). A line each: `M module name FLAGS` for a module's function, `T type name FLAGS`
for a builtin type's method (its method descriptor or classmethod descriptor); FLAGS is `O`,
`NOARGS`, `FASTCALL`, `FASTCALL|KEYWORDS`, `VARARGS` or `VARARGS|KEYWORDS` (METH_CLASS,
METH_STATIC and METH_METHOD dropped). Read through ctypes from the objects themselves.

usage:  python3 scripts/record_meth_flags.py > src/vm/meth_flags.txt
"""
import builtins
import ctypes
import importlib
import sys

assert sys.version_info[:2] == (3, 11), "record with python3 3.11"


class PyMethodDef(ctypes.Structure):
    _fields_ = [('ml_name', ctypes.c_char_p), ('ml_meth', ctypes.c_void_p),
                ('ml_flags', ctypes.c_int), ('ml_doc', ctypes.c_char_p)]


def method_def_at(address):
    p = ctypes.cast(ctypes.c_void_p(address), ctypes.POINTER(ctypes.c_void_p)).contents.value
    return ctypes.cast(p, ctypes.POINTER(PyMethodDef)).contents.ml_flags


def flags_text(flags):
    names = [('VARARGS', 1), ('FASTCALL', 128), ('KEYWORDS', 2), ('NOARGS', 4), ('O', 8)]
    return '|'.join(n for n, b in names if flags & b)


BUILTIN_FUNCTION = type(len)
METHOD_DESCRIPTOR = type(str.upper)
CLASSMETHOD_DESCRIPTOR = type(dict.__dict__['fromkeys'])

# the modules src/modules.rs models
MODULES = """builtins sys gc copy weakref _weakref atexit math itertools _operator operator _functools
functools heapq _heapq bisect _bisect time _random random array _io io _thread posix os
_tracemalloc tracemalloc types _collections collections zlib _queue queue""".split()

lines = set()
types = set()
for name in MODULES:
    m = importlib.import_module(name)
    for attr in dir(m):
        v = getattr(m, attr)
        if type(v) is BUILTIN_FUNCTION and not isinstance(v.__self__, type):
            # PyCFunctionObject: head (16), m_ml
            lines.add(('M', name, attr, flags_text(method_def_at(id(v) + 16))))
        if isinstance(v, type) and not v.__flags__ & (1 << 9):  # not Py_TPFLAGS_HEAPTYPE
            types.add(v)
        if isinstance(v, type) and v.__module__ in ('builtins', '_io', '_collections', 'itertools',
                                                  '_functools', '_operator', 'collections'):
            types.add(v)
for t in list(types):
    types.update(t.__mro__)
for t in types:
    for attr, d in vars(t).items():
        if type(d) in (METHOD_DESCRIPTOR, CLASSMETHOD_DESCRIPTOR):
            # PyMethodDescrObject: head (16), d_type, d_name, d_qualname, d_method
            lines.add(('T', t.__name__, attr, flags_text(method_def_at(id(d) + 40))))
for line in sorted(lines):
    print(*line)
