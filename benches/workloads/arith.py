# A 3M-iteration arithmetic loop.
total = 0
i = 0
while i < 3000000:
    total = (total + i * 7) % 1000003
    i += 1
print(total)
