# A dict filled and read back by int keys.
N = 200000
d = {}
for i in range(N):
    d[i * 31] = i
total = 0
for i in range(N):
    total += d[i * 31]
print(len(d), total)
