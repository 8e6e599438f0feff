# format(x, '') with an empty spec is str(x) (formatter_unicode.c's "zero length format
# spec" case) for a float or complex, and for a subclass of int or str: their own
# __repr__ or __str__ shows. An exact int or str formats itself.
class Money(float):
    def __repr__(self):
        return "Money(%s)" % float.__repr__(self)


class Code(int):
    def __str__(self):
        return "code-" + int.__repr__(self)


class Tag(str):
    def __str__(self):
        return "<" + str.__str__(self) + ">"


class Cplx(complex):
    def __repr__(self):
        return "Cplx!"


m = Money(2.5)
c = Code(7)
t = Tag("b")
z = Cplx(1, 2)
print(f"{m}", f"{c}", f"{t}", f"{z}")
print(format(m, ""), format(c, ""), format(t, ""), format(z, ""))
print(f"{m:.2f}", f"{c:03}", f"{t:>3}", f"{z:.1f}")
print("{} {} {}".format(m, c, t))
print(f"{True}", format(False, ""), f"{5}", f"{'s'}", f"{1.5}")
