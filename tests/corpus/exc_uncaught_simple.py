# topic: exceptions - an uncaught exception ends the script after the printed output (exit status 1)
print('before the error')
values = [1, 2, 3]
total = 0
for v in values:
    total += v
print('total', total)
print(values[total])
print('never printed')
