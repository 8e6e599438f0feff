# A 20,000-term `or` chain compiles in linear time: eliminate_empty_basic_blocks resolves each
# block's next link once, from the end (100,000 terms took 13 s; issue 9 item 10). The deep
# tuple hash of the same fix is in tests/memory_limits.rs (its loop is too long to trace).
x = eval(' or '.join(['0'] * 20000) + ' or 7')
print(x)
y = eval(' and '.join(['1'] * 20000) + ' and 0')
print(y)
