# topic: strings - concatenation, repetition, comparison, len, iteration, ord/chr round trips, immutability
a = 'abc'
b = a + 'def'
print(b, len(b), a * 2, a < b, a == 'abc', 'B' < 'a', sorted('banana'), max('hello'), min('hello'))
for ch in 'hi!':
    print(ch, ord(ch), end='; ')
print()
print(''.join(chr(ord(c) + 1) for c in 'HAL'), [c for c in 'abc'], list(enumerate('ab')))
try:
    a[0] = 'z'
except TypeError as e:
    print('TypeError:', e)
try:
    del a[0]
except TypeError as e:
    print('TypeError:', e)
try:
    a.append('d')
except AttributeError as e:
    print('AttributeError:', e)
print(str(), str(123), str(b'x'), str([]), 'x'.__len__(), 'abc'.__contains__('b'), 'ab'.__add__('c'))
count = {}
for ch in 'mississippi':
    count[ch] = count.get(ch, 0) + 1
print(count)
