def deco(f):
    return f

@deco
def g(a,
      b=2):
    return (a +
            b)

x = g(1,
      2)
ys = [v * 2
      for v in range(3)
      if v]
d = {k: v for k, v in zip('ab', [1, 2])}
s = {t for t in 'abc'}
gen = (n for n in range(2))
total = sum(gen)
