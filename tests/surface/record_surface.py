#!/usr/bin/env python3
"""Record, from the python3 that runs this (CPython 3.11.7), the surface refscope models.

Writes src/modules/surface.rs:
  * MODULE_NAMES: dir() of every module refscope models. A name the model does not have
    raises `NotImplementedError: refscope does not model <module>.<name>` when a snippet
    uses it; tests/surface.rs checks that every name either exists or raises that.
  * TYPE_LAYOUT: __basicsize__, __itemsize__, __dictoffset__ and __weakrefoffset__ of
    the builtin types the model has, keyed by the type's tp_name.
  * TYPE_REFCOUNT: the reference count of each builtin type when a script starts (what
    `sys.getrefcount(T) - 1` shows on its first line), measured in a fresh python3.
  * STDLIB_MODULE_NAMES: `sys.stdlib_module_names`. Importing one the model lacks raises
    `ModuleNotFoundError: refscope models no module named 'm'`; any other missing module
    CPython's own `No module named 'm'`.

Run it from the repository root:  python3 tests/surface/record_surface.py
"""
import ctypes
import json
import os
import subprocess
import sys
import tempfile
import types
import weakref

MODULES = ["sys", "gc", "weakref", "copy", "copyreg", "ctypes", "math", "atexit"]


def gen():
    yield 1


def type_samples():
    class _A:
        def m(self):
            pass

    def f():
        x = 1

        def g():
            return x

        return g

    samples = [
        object, type, type(None), type(NotImplemented), type(Ellipsis), int, bool, float,
        complex, str, bytes, bytearray, tuple, list, dict, set, frozenset, range, slice,
        types.FunctionType, types.CodeType, type(f().__closure__[0]), types.MethodType,
        types.BuiltinFunctionType, type(list.append), type(type.__dict__["__dict__"]),
        type(type.__dict__["__basicsize__"]), staticmethod, classmethod, property, super,
        types.ModuleType, types.GeneratorType, weakref.ReferenceType, weakref.ProxyType,
        weakref.CallableProxyType, weakref.KeyedRef, weakref.WeakMethod, ctypes.c_long,
        types.TracebackType, types.FrameType, type(iter([])), type(iter(())),
        type(iter(range(1))), type(iter("")), type(iter({})), type(iter({}.values())),
        type(iter({}.items())), type(iter(set())), enumerate, zip, map, filter, reversed,
        type(iter(int, 1)), type({}.keys()), type({}.values()), type({}.items()),
        types.MappingProxyType, type(iter(b"")), type(reversed([])), type(reversed({})),
        type(reversed({}.values())), type(reversed({}.items())), type(iter(bytearray())),
        type(sys.stdout),
    ]
    samples += [t for t in vars(__builtins__).values()
                if isinstance(t, type) and issubclass(t, BaseException)]
    return samples


def tp_name(t):
    if t.__module__ in ("builtins",) or t.__module__ is None:
        return t.__name__
    if t is ctypes.c_long:
        return "c_long"
    if t.__module__ == "_io":
        return t.__name__
    return t.__module__ + "." + t.__qualname__


# Measured on the first line of a fresh script: each expression names one builtin type without
# keeping a reference to it.
REFCOUNT_SCRIPT = r"""
import sys
exprs = %s
out = {}
for e in exprs:
    out[e] = sys.getrefcount(eval(e)) - 1
print(repr(out))
"""


def measure_type_refcounts(samples):
    exprs = {}
    import builtins
    for t in samples:
        if getattr(builtins, t.__name__, None) is t:
            exprs[tp_name(t)] = t.__name__
    exprs.update({
        "NoneType": "type(None)",
        "NotImplementedType": "type(NotImplemented)",
        "ellipsis": "type(...)",
        "function": "type(lambda: 0)",
        "code": "type((lambda: 0).__code__)",
        "builtin_function_or_method": "type(len)",
        "module": "type(sys)",
    })
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "refcounts.py")
        with open(path, "w") as fh:
            fh.write(REFCOUNT_SCRIPT % repr(sorted(set(exprs.values()))))
        out = subprocess.run([sys.executable, path], capture_output=True, text=True,
                             check=True).stdout
    measured = eval(out)
    return {name: measured[e] for name, e in exprs.items()}


def main():
    out = []
    out.append("//! The surface of CPython 3.11.7 that refscope models, recorded from python3 by")
    out.append("//! `tests/surface/record_surface.py` (generated: do not edit by hand).")
    out.append("")
    out.append("/// `dir()` of every module refscope models.")
    out.append("pub const MODULE_NAMES: &[(&str, &[&str])] = &[")
    for name in MODULES:
        mod = __import__(name)
        names = ", ".join('"%s"' % n for n in sorted(dir(mod)))
        out.append('    ("%s", &[%s]),' % (name, names))
    out.append("];")
    out.append("")
    out.append("/// `(tp_name, [__basicsize__, __itemsize__, __dictoffset__, __weakrefoffset__])` of")
    out.append("/// the builtin types refscope has.")
    out.append("pub const TYPE_LAYOUT: &[(&str, [i64; 4])] = &[")
    seen = set()
    for t in type_samples():
        key = tp_name(t)
        if key in seen:
            continue
        seen.add(key)
        out.append('    ("%s", [%d, %d, %d, %d]),' % (
            key, t.__basicsize__, t.__itemsize__, t.__dictoffset__, t.__weakrefoffset__))
    out.append("];")
    out.append("")
    out.append("/// `(tp_name, refcount)` of the builtin types reachable by name from `builtins`, when a")
    out.append("/// script starts (`sys.getrefcount(T) - 1` on its first line).")
    out.append("pub const TYPE_REFCOUNT: &[(&str, i64)] = &[")
    for name, rc in sorted(measure_type_refcounts(type_samples()).items()):
        out.append('    ("%s", %d),' % (name, rc))
    out.append("];")
    out.append("")
    out.append("/// `sys.stdlib_module_names`: the top-level modules of CPython's standard library.")
    out.append("pub const STDLIB_MODULE_NAMES: &[&str] = &[")
    for name in sorted(sys.stdlib_module_names):
        out.append('    "%s",' % name)
    out.append("];")
    with open("src/modules/surface.rs", "w") as fh:
        fh.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
