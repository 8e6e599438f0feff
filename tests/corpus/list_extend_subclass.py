# list_extend reads an exact list or tuple directly; a subclass is iterated, so its own
# __iter__ runs (for [*x], list.extend, +=, and list(x)).
log = []

for base in (list, tuple):
    class C(base):
        def __iter__(self):
            log.append("iter")
            return iter(["from", "iter"])

    c = C([1, 2])
    a = [0]
    a.extend(c)
    print(base.__name__, a, [*c], list(c), log)
    log.clear()
    b = []
    b += c
    print(b, log)
    log.clear()

class Plain(list):
    pass

p = Plain([1, 2])
print([*p, *p], [0] + p)
l = [1, 2]
l.extend(l)
print(l)
