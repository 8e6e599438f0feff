# fib(27), six times.
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


total = 0
for _ in range(6):
    total += fib(27)
print(total)
