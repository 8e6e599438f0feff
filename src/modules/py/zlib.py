# zlib's Python-level names for refscope: the exception class (the C module makes it with
# PyErr_NewException) and the streaming objects, which the model does not have.


class error(Exception):
    __module__ = 'zlib'


def compressobj(level=-1, method=8, wbits=15, memLevel=8, strategy=0, zdict=None):
    raise NotImplementedError('refscope does not model zlib.compressobj (streaming compression)')


def decompressobj(wbits=15, zdict=b''):
    raise NotImplementedError('refscope does not model zlib.decompressobj (streaming '
                              'decompression)')
