i = 0
while i < 3:
    i += 1
    if i == 2:
        continue
    print(i)
else:
    print('done')
for k in range(3):
    if k == 1:
        break
else:
    pass
