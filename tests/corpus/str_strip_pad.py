# topic: str methods - strip/lstrip/rstrip with chars, center/ljust/rjust with fill, zfill, expandtabs
s = '  \t hello \n '
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()))
print('xxhixx'.strip('x'), 'www.example.com'.strip('cmowz.'), '<<a>>'.lstrip('<'), '<<a>>'.rstrip('>'))
print('[' + 'hi'.center(7) + ']', '[' + 'hi'.center(6, '*') + ']', '[' + 'hi'.ljust(5, '.') + ']', '[' + 'hi'.rjust(5) + ']')
print('[' + 'abc'.center(2) + ']', 'abc'.center(4, '-'), 'abc'.center(5, '-'), 'ab'.center(5, '-'))
print('42'.zfill(5), '-42'.zfill(5), '+4'.zfill(4), 'abc'.zfill(6), '12345'.zfill(3))
print(repr('a\tb\tc'.expandtabs()), repr('a\tbb\tccc'.expandtabs(4)), repr('\t'.expandtabs(0)))
print('hello.py'.removesuffix('.py'), 'hello.py'.removeprefix('he'), 'hello'.removesuffix('x'))
try:
    'x'.center(5, '--')
except TypeError as e:
    print('TypeError:', e)
try:
    'x'.strip(5)
except TypeError as e:
    print('TypeError:', e)
