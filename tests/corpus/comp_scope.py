# topic: comprehensions - the loop variable does not leak; class-body comprehensions cannot see class names
x = 'outer'
squares = [x * x for x in range(4)]
print(x, squares)
for i in range(3):
    pass
print('for-loop variable leaks:', i)
gen = (x for x in 'abc')
print(x, list(gen), list(gen))
class C:
    values = [1, 2, 3]
    doubled = [v * 2 for v in values]
    try:
        scaled = [v * len(values) for v in values]
    except NameError as e:
        error = str(e)
print(C.doubled, C.error)
funcs = [lambda: n for n in range(3)]
print([f() for f in funcs])
funcs = [lambda n=n: n for n in range(3)]
print([f() for f in funcs])
total = 0
result = [total + n for n in range(3)]
print(total, result)
