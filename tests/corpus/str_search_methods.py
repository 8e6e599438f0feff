# topic: str methods - find/rfind/index/rindex/count/startswith/endswith with start/end, and index's ValueError
s = 'the quick brown fox jumps over the lazy dog'
print(s.find('the'), s.find('the', 1), s.rfind('the'), s.find('cat'), s.rfind('o', 0, 20))
print(s.index('quick'), s.rindex('o'), s.count('o'), s.count('the'), s.count(''), 'aaaa'.count('aa'))
print(s.startswith('the'), s.startswith(('a', 'the')), s.endswith('dog'), s.endswith('lazy', 0, -4))
print(s.startswith('quick', 4), 'abc'.find(''), 'abc'.find('', 5), 'abc'.rfind(''))
print('o' in s, 'cat' not in s, s.find('o', -5), s.index('e', 3, 40))
try:
    s.index('cat')
except ValueError as e:
    print('ValueError:', e)
try:
    s.rindex('z', 0, 10)
except ValueError as e:
    print('ValueError:', e)
try:
    s.startswith(['the'])
except TypeError as e:
    print('TypeError:', e)
try:
    s.count(1)
except TypeError as e:
    print('TypeError:', e)
