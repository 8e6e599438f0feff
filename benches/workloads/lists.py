# A million small lists built and summed.
total = 0
for i in range(1000000):
    pair = [i, i + 1]
    total += sum(pair)
print(total)
