def f(x):
    try:
        if x:
            raise ValueError(x)
        return 1
    except ValueError as e:
        print('caught', e)
        return 2
    finally:
        print('fin')

f(0)
f(1)
