# The Python half of collections for refscope (after CPython 3.11's Lib/collections/__init__.py),
# run in the package's namespace after the Rust half put deque, defaultdict and _count_elements
# there.

__all__ = [
    'ChainMap',
    'Counter',
    'OrderedDict',
    'UserDict',
    'UserList',
    'UserString',
    'defaultdict',
    'deque',
    'namedtuple',
]


def _needs(what, why):
    def unsupported(*args, **kwargs):
        raise NotImplementedError(f'refscope does not model collections.{what} yet ({why})')
    unsupported.__name__ = what
    unsupported.__qualname__ = what
    return unsupported


namedtuple = _needs('namedtuple', 'it makes a subclass of tuple')
Counter = _needs('Counter', 'it is a subclass of dict')
OrderedDict = _needs('OrderedDict', 'it is a subclass of dict')
ChainMap = _needs('ChainMap', 'it is a collections.abc.MutableMapping')
UserDict = _needs('UserDict', 'it is a collections.abc.MutableMapping')
UserList = _needs('UserList', 'it is a collections.abc.MutableSequence')
UserString = _needs('UserString', 'it is a collections.abc.Sequence')
