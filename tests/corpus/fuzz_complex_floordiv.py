# complex has no //, % or divmod slot: the int operand is never converted, so an int past the
# float range gives CPython's TypeError, not OverflowError (issue 9, fuzz campaign seed 21)
for e in ['1 // 1j', '1j // 1', '10**400 // 1j', '10**400 % 1j', '1j // 10**400',
          '1j % 10**400', 'divmod(10**400, 1j)', '10**400 - 1j', '10**400 + 1j', '1j ** 2',
          '10**400 < 1j', '10**400 & 1j', '1j << 1']:
    try:
        print(e, eval(e))
    except Exception as x:
        print(e, type(x).__name__, x)
