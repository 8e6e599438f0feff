# topic: control flow - for/while with else, break, continue, nested loops, loops over dicts and ranges
for n in range(2, 20):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        print(n, end=' ')
print()
i = 0
while i < 5:
    i += 1
    if i == 2:
        continue
    if i == 4:
        break
    print('while', i)
else:
    print('while-else not reached')
j = 0
while j < 2:
    j += 1
else:
    print('while finished normally', j)
for k, v in {'a': 1, 'b': 2}.items():
    print(k, v)
for x in []:
    print('never')
else:
    print('empty loop else')
for i in range(3):
    for j in range(3):
        if j == 2:
            break
        if i == j:
            continue
        print(i, j)
count = 0
while True:
    count += 1
    if count >= 3:
        break
print('count', count)
for idx in range(10, 0, -3):
    print(idx, end=',')
print()
