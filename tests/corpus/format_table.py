# topic: formatting - aligned tables with f-strings and str methods, totals, percentages
rows = [('Widget', 3, 4.5), ('Gadget', 10, 12.25), ('Thingamajig', 1, 100.0)]
header = f"{'Item':<12}|{'Qty':>5}|{'Price':>9}|{'Total':>10}"
print(header)
print('-' * len(header))
grand = 0
for name, qty, price in rows:
    total = qty * price
    grand += total
    print(f'{name:<12}|{qty:>5d}|{price:>9.2f}|{total:>10,.2f}')
print('=' * len(header))
print(f"{'TOTAL':<12}|{'':>5}|{'':>9}|{grand:>10,.2f}")
for name, qty, price in rows:
    share = qty * price / grand
    print(f'{name[:8]:.<10}{share:>8.1%}', '#' * round(share * 20))
print('|'.join(s.center(8) for s in ['a', 'bb', 'ccc']))
print('{:^20}'.format(' centered '), '[{:>+8.3e}]'.format(12345.678))
