# topic: re.Match is _sre's var-sized C object (two marks per group); finditer is a callable_iterator over a scanner's search
import re, sys, gc
m = re.match(r'a', 'a')
print(sys.getsizeof(m), type(m), gc.is_tracked(m), m.__sizeof__())
two = re.search(r'(\d+)-(\d+)', 'call 555-1234')
print(sys.getsizeof(two), two.groups(), two.span(2), hasattr(two, '__dict__'))
it = re.finditer(r'a+', 'baaac a')
print(type(it).__name__, sys.getsizeof(it))
spans = [x.span() for x in it]
print(spans, next(it, 'done'))
try:
    re.Match()
except TypeError as e:
    print(e)
doubled = re.sub(r'\d+', lambda x: str(sys.getsizeof(x)), 'a1 b20')
print(doubled)
