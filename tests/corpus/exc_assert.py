# topic: exceptions - assert statements: messages, AssertionError args, assert with tuple is always true
def check_positive(n):
    assert n > 0, f'expected positive, got {n}'
    return n
print(check_positive(5))
try:
    check_positive(-1)
except AssertionError as e:
    print('AssertionError:', e, e.args)
try:
    assert 1 == 2
except AssertionError as e:
    print('bare AssertionError', repr(e), e.args)
try:
    assert [], ['list', 'message']
except AssertionError as e:
    print(e.args[0])
x = None
assert x is None
print('assert passed')
assert len('abc') == 4, 'length mismatch'
