# topic: collections.Counter and defaultdict - dict subclasses counting things
from collections import Counter, defaultdict

text = "the quick brown fox jumps over the lazy dog the end"
words = text.split()
c = Counter(words)
print(c['the'], c['cat'], len(c), c.most_common(2))
print(isinstance(c, dict), type(c).__mro__)
letters = Counter('mississippi')
print(letters)
print(sorted(letters.elements()))
letters.update('ss')
letters.subtract({'i': 2})
print(letters, letters.total())
print(letters + Counter('aa'), letters - Counter('ssssss'), Counter('ab') | Counter('bc'), Counter('abb') & Counter('bc'))
print(Counter(a=3, b=-1), +Counter(a=3, b=-1), -Counter(a=3, b=-1))
del letters['m']
print(letters, 'm' in letters, letters['m'])
try:
    Counter.fromkeys('abc')
except NotImplementedError as e:
    print('NotImplementedError:', e)
dd = defaultdict(int)
for w in words:
    dd[w] += 1
print(dd['the'], dd['missing'], len(dd))
groups = defaultdict(list)
for w in words:
    groups[len(w)].append(w)
print(sorted(groups.items()))
print(dict(Counter('hello')) == {'h': 1, 'e': 1, 'l': 2, 'o': 1})
print(Counter('abc') == Counter('cba'), repr(Counter()))
