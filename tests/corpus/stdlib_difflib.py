# difflib: SequenceMatcher's blocks, opcodes and ratios, ndiff's guide lines, unified and
# context diffs, close matches
import difflib

s = difflib.SequenceMatcher(None, 'abxcd', 'abcd')
print(s.get_matching_blocks())
print(s.get_opcodes(), s.ratio(), s.quick_ratio(), s.real_quick_ratio())
s = difflib.SequenceMatcher(lambda x: x == ' ', 'private Thread currentThread;',
                            'private volatile Thread currentThread;')
print(round(s.ratio(), 3), s.find_longest_match(0, 29, 0, 38))
a = ['one\n', 'two\n', 'three\n', 'four\n']
b = ['ore\n', 'tree\n', 'emu\n', 'four\n']
print(''.join(difflib.ndiff(a, b)), end='')
diff = list(difflib.ndiff(a, b))
print(''.join(difflib.restore(diff, 2)), end='')
print(''.join(difflib.unified_diff(a, b, fromfile='before.py', tofile='after.py')), end='')
print(''.join(difflib.context_diff(a, b, n=1)), end='')
print(difflib.get_close_matches('appel', ['ape', 'apple', 'peach', 'puppy']))
print(difflib.get_close_matches('wheel', ['while', 'wheat', 'whale', 'hello'], n=2, cutoff=0.5))
d = difflib.Differ()
print(list(d.compare(['a b c\n'], ['a b d\n'])))
print(difflib.IS_LINE_JUNK('  # \n'), difflib.IS_CHARACTER_JUNK('x'))
long_a = [str(i) + '\n' for i in range(300)]
long_b = long_a[:150] + ['x\n'] + long_a[151:]
print(list(difflib.unified_diff(long_a, long_b, n=0)))
