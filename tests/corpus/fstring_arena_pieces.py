# topic: f-strings - script mode: every literal piece of an f-string is a new str the parser's arena holds
# (string_parser.c make_str_node_and_del -> _PyArena_AddPyObject) while the module runs;
# the compiler's constant cache keeps the first of equal pieces in co_consts.
import sys


class P:
    def __format__(self, spec):
        if spec:
            print("spec", repr(spec), sys.getrefcount(spec))
        return ""


p = P()
f"{p:xyz}"
f"{p:xyz}"
f"{p:qrs} {p:w{1}}"
x = f"piece {p}"
print(sys.getrefcount("piece "))
print("[%s]" % (x,), sys.getrefcount("piece "))
