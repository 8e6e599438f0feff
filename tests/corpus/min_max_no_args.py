# min_max counts the positional arguments before it parses the keywords.
for choose in (min, max):
    for call in (lambda: choose(bogus=1), lambda: choose(), lambda: choose(1, 2, default=0),
                 lambda: choose([1], bogus=1)):
        try:
            call()
        except TypeError as e:
            print(e)
    print(choose([], default=42), choose([1, 2], key=lambda v: -v))
