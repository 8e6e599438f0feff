# Three-argument power: the slot wrappers' own `nb_power(v, w, z)` (long_pow computes it,
# float_pow and complex_pow refuse a modulus) and pow()'s ternary_op, which calls a class's
# __pow__(other, mod) on the left operand only.
print((3).__pow__(2, 5), (3).__pow__(2, None), (2).__rpow__(3, 5), (True).__pow__(True, 2))
print((3).__pow__(2, 5.0), (3).__pow__(2.0, 5))
for f in (lambda: (3.0).__pow__(2, 5), lambda: (3j).__pow__(2, 5), lambda: (3).__pow__(),
          lambda: (3).__pow__(1, 2, 3), lambda: (3).__pow__(2, 0)):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)


class P:
    def __pow__(self, other, mod=None):
        return ("pow", other, mod)

    def __rpow__(self, other, mod=None):
        return ("rpow", other, mod)


print(pow(P(), 2, 3), pow(2, P()), pow(P(), 2), pow(7, 2, 5), pow(2, -1, 5))
for args in ((2, P(), 3), (2, 3, 5.0), (2, 3.0, 5), (2, 3, "a"), ("a", 3, 5), (2j, 3, 5)):
    try:
        pow(*args)
    except Exception as e:
        print(type(e).__name__, e)
