def check(p):
    match p:
        case (0, 0):
            return 'origin'
        case (x, 0) if x > 0:
            return 'x'
        case [x, y]:
            return 'pt'
        case {'k': v}:
            return v
        case _:
            return None

for p in [(0, 0), (1, 0), (2, 3), {'k': 1}, 5]:
    check(p)
