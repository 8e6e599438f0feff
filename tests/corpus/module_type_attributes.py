# A module's attributes come through module_getattro: the module type's descriptors and
# methods (gc.__repr__, m.__class__), the module's dict, then its own __getattr__ (PEP 562).
import gc
import sys
import types

print(gc.__repr__() == repr(gc), gc.__class__, type(gc).__name__)
print(gc.__eq__(gc), gc.__ne__(1), gc.__hash__() == hash(gc))
print(sorted(gc.__dir__())[:3], gc.__sizeof__() == type(gc).__sizeof__(gc))

# types.ModuleType(name, doc=None): the very name object, and five entries
name = "lesson_" + "module"
before = sys.getrefcount(name)
m = types.ModuleType(name, "a module made by hand")
print(sys.getrefcount(name) - before, m.__name__ is name)
print(list(m.__dict__), m.__doc__, m.__spec__, m.__loader__, m.__package__)
print(repr(m), sys.getsizeof(m), gc.is_tracked(m))

# PEP 562: the module's own __getattr__ and __dir__
exec(
    "def __getattr__(name):\n"
    "    if name.startswith('lazy_'):\n"
    "        return name.upper()\n"
    "    raise AttributeError(f'module {__name__!r} has no attribute {name!r}')\n"
    "def __dir__():\n"
    "    return ['b', 'a']\n"
    "answer = 42\n",
    m.__dict__,
)
print(m.answer, m.lazy_value, getattr(m, "lazy_x"), hasattr(m, "other"))
try:
    m.other
except AttributeError as e:
    print("AttributeError:", e)
print(m.__dir__(), dir(m))
del m.__dict__["__dir__"]
print(m.__dir__()[:5])

for bad in [(), (1,), ("a", "b", "c")]:
    try:
        types.ModuleType(*bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    sys.no_such_name
except AttributeError as e:
    print("AttributeError:", e)
