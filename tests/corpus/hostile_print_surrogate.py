# stdout is strict UTF-8: a lone surrogate is a UnicodeEncodeError for that write only, after
# the writes before it (issue 9, item 14).
import sys
print('first line')
try:
    print('a', 'x\ud800', 'b')
except UnicodeEncodeError as e:
    print()
    print('caught:', e)
try:
    sys.stdout.write('ab\ud801\udcff\n')
except UnicodeEncodeError as e:
    print('caught:', e)
print('x\ud800')
