def f():
    for i in range(3):
        try:
            if i == 1:
                break
        finally:
            print('f', i)
    return i

def g():
    try:
        return 1
    finally:
        print('g')

def h():
    while True:
        try:
            return 5
        except Exception:
            pass

f(); g(); h()
x = [1, 2, 3]
del x[0]
a, *b = x
x[0] += 1
