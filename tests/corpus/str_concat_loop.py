# topic: strings - building strings: += in a loop, join, repeated concatenation results and immutability
parts = []
s = ''
for i in range(5):
    s += str(i)
    parts.append(str(i))
print(s, ''.join(parts), s == ''.join(parts), s is ''.join(parts))
word = 'ab'
copy_ref = word
word += 'c'
print(word, copy_ref, word is copy_ref)
acc = ''
for ch in 'hello':
    acc = ch + acc
print(acc)
line = ''
for n in range(1, 6):
    line += f'{n}{"," if n < 5 else ""}'
print(line, len(line))
rows = ['*' * i for i in range(1, 4)]
print('\n'.join(rows))
print('-'.join(['x'] * 3), ('ab' + 'cd') * 2, 'a' 'b' 'c')
