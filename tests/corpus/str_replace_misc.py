# topic: str methods - replace with count, translate/maketrans, str multiplication and membership
s = 'banana'
print(s.replace('a', 'o'), s.replace('a', 'o', 2), s.replace('na', ''), s.replace('', '-'), s.replace('x', 'y'))
print(s.replace('', '|', 3), 'aaa'.replace('a', 'aa'), s.replace('an', 'AN', 0))
table = str.maketrans('abc', 'xyz')
print('aabbcc'.translate(table), 'hello'.translate({ord('l'): None}), 'hello'.translate(str.maketrans({'h': 'J', 'o': '0'})))
print(str.maketrans('ab', 'cd', 'e') == {97: 99, 98: 100, 101: None})
print('ab' * 3, 3 * 'ab', 'ab' * 0, 'ab' * -1, 'x' * True)
print('an' in s, '' in s, 'ana' in s, s.count('ana'))
try:
    str.maketrans('abc', 'xy')
except ValueError as e:
    print('ValueError:', e)
try:
    'ab' * 2.0
except TypeError as e:
    print('TypeError:', e)
try:
    'ab' * 'c'
except TypeError as e:
    print('TypeError:', e)
