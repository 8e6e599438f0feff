# xs[i] over a list in a loop (reads and writes by index).
N = 200000
xs = list(range(N))
total = 0
i = 0
while i < N:
    total += xs[i]
    xs[i] = total % 1000
    i += 1
print(total, xs[N - 1])
