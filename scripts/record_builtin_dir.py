#!/usr/bin/env python3
"""Record what CPython 3.11's builtin types have: every name in each type's own __dict__,
the kind of object it is (method_descriptor, wrapper_descriptor, getset_descriptor...), and its
__doc__. refscope embeds the result (src/builtins/cpython_dir.jsonl): names the model does not
implement become placeholders that raise NotImplementedError naming them when used, so a
snippet never meets an AttributeError for something CPython has.

usage:  python3 scripts/record_builtin_dir.py > src/builtins/cpython_dir.jsonl
"""
import builtins
import json
import sys
import types

assert sys.version_info[:2] == (3, 11), "record with python3 3.11"

# the builtin types the model has, by the name it gives them
TYPES = [
    object, type, type(None), type(NotImplemented), type(...), int, bool, float, complex,
    str, bytes, tuple, list, dict, set, frozenset, range, slice, types.FunctionType,
    types.CodeType, types.CellType, types.MethodType, types.BuiltinFunctionType,
    types.MethodDescriptorType, types.GetSetDescriptorType, types.MemberDescriptorType,
    staticmethod, classmethod, property, super, types.ModuleType, types.GeneratorType,
    __import__("weakref").ref, types.TracebackType, types.FrameType,
    type(iter([])), type(iter(())), type(iter(range(1))), type(iter("")),
    type(iter("\u00e9")),
    type(iter({})), type(iter({}.values())), type(iter({}.items())), type(iter(set())),
    enumerate, zip, map, filter, reversed, type(iter(int, 1)), type({}.keys()),
    type({}.values()), type({}.items()), types.MappingProxyType, type(iter(b"")),
    type(reversed([])), type(reversed({})), type(reversed({}.values())),
    type(reversed({}.items())), bytearray, type(iter(bytearray())),
    types.WrapperDescriptorType, types.MethodWrapperType, types.ClassMethodDescriptorType,
    type(iter(range(2**64))),
]
SEQITER = type(iter(type("S", (), {"__getitem__": lambda s, i: 1})()))
TYPES = TYPES + [SEQITER]
TYPES += sorted(
    (v for v in vars(builtins).values() if isinstance(v, type) and issubclass(v, BaseException)),
    key=lambda t: t.__name__,
)

out = sys.stdout
seen = set()
for t in TYPES:
    if t in seen:
        continue
    seen.add(t)
    order = list(t.__dict__)
    for name in sorted(t.__dict__):
        v = t.__dict__[name]
        # pos: where the name is in the type's dict (`dir()` merges a class's names in that
        # order, which decides which of them an instance's shared keys take)
        rec = {"type": t.__name__, "name": name, "kind": type(v).__name__,
               "pos": order.index(name)}
        if name == "__doc__":
            # the class's docstring (for `type` itself a getset computes it)
            if isinstance(t.__doc__, str):
                rec["doc"] = t.__doc__
        elif isinstance(getattr(v, "__doc__", None), str) and not isinstance(v, (str, int)):
            rec["doc"] = v.__doc__
        out.write(json.dumps(rec, sort_keys=True) + "\n")

# the functions of the builtin and C modules the model has, under the type name
# "module NAME" (`abs.__doc__`, `math.sqrt.__doc__`)
MODULES = ["builtins", "math", "itertools", "_operator", "time", "_random", "_bisect", "_heapq",
           "gc", "sys", "array", "_functools", "_collections", "atexit", "_io", "_tracemalloc",
           "_thread", "_weakref", "cmath", "_json", "_struct", "binascii", "zlib"]
for modname in MODULES:
    try:
        mod = __import__(modname)
    except ImportError:
        continue
    for name in sorted(vars(mod)):
        v = vars(mod)[name]
        if isinstance(v, types.BuiltinFunctionType) and isinstance(v.__doc__, str):
            rec = {"type": "module " + modname, "name": name, "kind": type(v).__name__,
                   "doc": v.__doc__}
            out.write(json.dumps(rec, sort_keys=True) + "\n")
