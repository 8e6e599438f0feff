# topic: re - search, match, findall, sub, split and groups, as a lesson on text uses them
import re

print(re.findall(r'\bf[a-z]*', 'which foot or hand fell fastest'))
print(re.sub(r'(\b[a-z]+) \1', r'\1', 'cat in the the hat'))
print(re.search(r'(\d+)-(\d+)', 'call 555-1234 now').groups())
print(re.match(r'(?P<first>\w+) (?P<last>\w+)', 'Malcolm Reynolds').groupdict())
print(re.match(r'\d+', 'abc'), re.fullmatch(r'[a-z]+', 'hello') is not None)
print(re.split(r'[,;]\s*', 'a, b;c,  d'), re.split(r'(\s)', 'x y'), re.split(r'x*', 'axbc'))
print(re.sub(r'x*', '-', 'abxd'), re.subn(r'\d', '#', 'a1b22'))
print(re.sub(r'\d+', lambda m: str(int(m.group()) * 2), 'a1 b20 c300'))
print(re.findall(r'(\w+)@(\w+)\.com', 'john@google.com, ann@site.com'))
print([m.span() for m in re.finditer(r'a+', 'baaac a')])
print(re.compile(r'colou?r', re.I).findall('Color and COLOUR and colr'))
print(re.compile(r'^\w', re.M).findall('ab\ncd\nef'), re.findall(r'(?s)a.c', 'a\nc'))
print(re.search(r'(?<=abc)def', 'abcdef').group(), re.findall(r'\w+(?=,)', 'a, b, c'))
print(re.match(r'(a|ab)(c|bcd)(d*)', 'abcd').lastindex, re.match(r'(a|)+', 'aa').groups())
print(re.match(r'<.*?>', '<a><b>').group(), re.match(r'<.*>', '<a><b>').group())
print(re.escape('a.b*c d'), re.compile('a+', re.IGNORECASE | re.DOTALL), re.I | re.M)
print(re.search(r'o', 'hello world'), re.findall(rb'\d+', b'a12b3'))
print(re.sub(r'(?P<w>\w+)', r'<\g<w>>', 'hi there'), re.match('(a)(b)?', 'ac').group(0, 1, 2))
try:
    re.compile('a**')
except re.error as e:
    print(type(e).__name__, e, e.pos)
try:
    re.match('(a)', 'a').group(3)
except IndexError as e:
    print('IndexError', e)
