# topic: str methods - split/rsplit/splitlines/partition/rpartition/join and join's TypeError
s = '  a  b   c  '
print(s.split(), s.split(' '), s.split(None, 1), s.rsplit(None, 1))
print('a,b,,c'.split(','), 'a,b,,c'.split(',', 2), 'a,b,,c'.rsplit(',', 1), ''.split(','), ''.split())
print('line1\nline2\r\nline3\n'.splitlines(), 'x\ny\n'.splitlines(True), 'a\n\nb'.split('\n'))
print('key=value=more'.partition('='), 'key=value=more'.rpartition('='), 'novalue'.partition('='), 'novalue'.rpartition('='))
print('-'.join(['a', 'b', 'c']), ''.join(reversed('hello')), ', '.join(str(i) for i in range(5)), '|'.join('abc'))
print(' '.join([]), '.'.join(('x',)), 'ab'.join('123'))
try:
    ', '.join(['a', 1, 'c'])
except TypeError as e:
    print('TypeError:', e)
try:
    'a b'.split('')
except ValueError as e:
    print('ValueError:', e)
try:
    ' '.join(5)
except TypeError as e:
    print('TypeError:', e)
words = 'the cat sat on the mat'.split()
print(len(words), words[::2], ' '.join(w.capitalize() for w in words))
