a, b, c = 1, 2, 3
if a < b < c:
    x = 1
if not (a and
        b):
    x = 2
elif (a or
      c > 5):
    x = 3
if (a if b > 1 else
    c):
    x = 4
i = 0
while (i < 3 and
       a):
    i += 1
ys = [v
      for v in range(4)
      if v >
      1]
assert (a <
        b), 'msg'
try:
    assert (a >
            b), ('m' +
                 'n')
except AssertionError:
    pass
z = (1 if a > 5 else
     2 if b < c else
     3)
for q in range(3):
    if q == 0 or q == 2:
        continue
    if 0 < q < 2:
        pass
