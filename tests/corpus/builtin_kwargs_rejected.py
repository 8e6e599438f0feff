# Builtins whose parameters are positional-only (METH_O, METH_NOARGS, or
# METH_FASTCALL without keywords) refuse keywords before converting anything;
# pow(base, exp, mod) takes all three by keyword.
class Index:
    def __init__(self, n):
        self.n = n
    def __index__(self):
        return self.n

calls = [
    lambda: bin(Index(5), x=1), lambda: hex(3, x=1), lambda: oct(x=3),
    lambda: repr(obj=1), lambda: ascii(obj=1), lambda: abs(x=-1), lambda: chr(i=65),
    lambda: ord(c="a"), lambda: hash(obj=1), lambda: callable(obj=len),
    lambda: divmod(7, y=2), lambda: isinstance(1, class_or_tuple=int),
    lambda: issubclass(int, class_or_tuple=int), lambda: all(iterable=[]),
    lambda: any(iterable=[]), lambda: iter([], x=1), lambda: next(iter([1]), default=0),
    lambda: getattr(1, "real", default=0), lambda: setattr(Index(1), "n", value=2),
    lambda: delattr(Index(1), name="n"), lambda: hasattr(1, name="real"),
    lambda: vars(object=Index(1)), lambda: format(1, format_spec="d"),
    lambda: pow(2, exp=10), lambda: pow(base=2, exp=10, mod=1000), lambda: pow(3, 4, mod=5),
    lambda: pow(2, 3, exp=3), lambda: pow(2, mod=3), lambda: pow(2, 3, modulo=5),
]
for call in calls:
    try:
        print(call())
    except TypeError as e:
        print("TypeError:", e)
print(bin(Index(5)), hex(Index(255)), oct(Index(8)))
