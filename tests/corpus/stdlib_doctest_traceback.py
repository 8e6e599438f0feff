# topic: doctest and traceback - a module's docstring examples checked, a caught exception shown
import doctest
import sys
import traceback


def average(values):
    """Computes the arithmetic mean of a list of numbers.

    >>> print(average([20, 30, 70]))
    40.0
    >>> average([1, 2])
    1.5
    >>> average([])
    Traceback (most recent call last):
      ...
    ZeroDivisionError: division by zero
    """
    return sum(values) / len(values)


def double(x):
    """
    >>> double(2)
    5
    >>> [double(i) for i in range(3)]
    [0, 2, 4]
    >>> list(range(20))   # doctest: +ELLIPSIS
    [0, 1, ..., 19]
    """
    return x * 2


__file__ = 'lesson.py'   # the failure report names the module's file
doctest.run_docstring_examples(average, globals(), name='average')
doctest.run_docstring_examples(double, globals(), name='double')


def f(x):
    return 10 / x


try:
    f(0)
except ZeroDivisionError:
    text = traceback.format_exc()
    print([line for line in text.splitlines() if not line.startswith('  File')])
    print(traceback.format_exception_only(*sys.exc_info()[:2]))
