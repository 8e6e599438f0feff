# topic: unpacking - swapping, chained assignment aliasing, multiple targets, evaluation order
a, b = 1, 2
a, b = b, a
print(a, b)
x = y = []
x.append(1)
print(x, y, x is y)
p = q = 5
p += 1
print(p, q)
nums = [0, 1, 2]
i = 0
i, nums[i] = 1, 'set'
print(i, nums)
a = b = c = 'same'
print(a is b is c)
lst = [1, 2, 3]
lst[0], lst[2] = lst[2], lst[0]
print(lst)
def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a
print(fib(10), [fib(i) for i in range(8)])
m, n = divmod(17, 5)
k, v = max({'x': 1, 'y': 3}.items(), key=lambda kv: kv[1])
print(m, n, k, v)
