# sys.set_int_max_str_digits(): the interpreter's limit on decimal digits converted between
# int and str (4300 by default; 0 is none; below 640 refused).
import sys

big = 10**5000
print(sys.get_int_max_str_digits(), sys.int_info.default_max_str_digits)
try:
    str(big)
except ValueError as e:
    print(e)
sys.set_int_max_str_digits(6000)
print(len(str(big)), sys.get_int_max_str_digits())
try:
    int("1" * 7000)
except ValueError as e:
    print(e)
try:
    str(10**7000)
except ValueError as e:
    print(e)
sys.set_int_max_str_digits(maxdigits=0)
print(len(str(10**7000)), len(str(int("7" * 9000))))
for bad in (5, -1, 639):
    try:
        sys.set_int_max_str_digits(bad)
    except ValueError as e:
        print(e)
sys.set_int_max_str_digits(640)
try:
    int("9" * 641)
except ValueError as e:
    print(e)
print(len(str(int("9" * 640))))
