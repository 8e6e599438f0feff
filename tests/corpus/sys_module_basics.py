# topic: sys - stable sys attributes: version_info, maxsize, getrecursionlimit, argv length, byteorder
import sys
print(sys.version_info[:2], sys.version_info.major, sys.version_info >= (3, 8), type(sys.version_info).__name__)
print(sys.maxsize, sys.maxsize == 2 ** 63 - 1, sys.getrecursionlimit(), sys.byteorder, len(sys.argv))
print(sys.argv[0].endswith('sys_module_basics.py'), sys.implementation.name, sys.float_info.max, sys.float_info.epsilon)
print(sys.int_info.bits_per_digit, sys.hash_info.modulus, sys.hash_info.width)
print(__name__, type(sys).__name__, 'sys' in sys.modules)
