# topic: formatting - f-string !r/!s/!a conversions, the = debug specifier, nesting, dicts and expressions inside
name = 'Ada'
items = ['x', 'é', 1]
print(f'{name!r} {name!s} {name!a} {"é"!a} {items!r} {items!a}')
value = 42
print(f'{value=}', f'{value = }', f'{value*2=}', f'{name=!s}', f'{value=:>6}', f'{3.5=:.2f}')
d = {'key': 'v', 'n': 3}
print(f"{d['key']} {d['n'] * 2} {len(d)} {'yes' if d else 'no'} {[i * i for i in range(4)]}")
print(f'{{literal}} {{{value}}} {value!r:>5} {"nested " + f"{value:03}"}')
class P:
    def __repr__(self):
        return 'P()'
    def __str__(self):
        return 'a P'
    def __format__(self, spec):
        return 'P formatted with ' + repr(spec)
p = P()
print(f'{p} {p!r} {p!s} {p:xyz} {p!r:>6}')
print(f'{"multi"}' f'{"part"}' 'plain')
width = 6
print(f'{"|":>{width}}|', f'{value:{"<" if value > 0 else ">"}{width}}|')
