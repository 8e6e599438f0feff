# A SyntaxError is shown with its location (print_exception's print_file_and_line block):
# File and line, the text without its leading blanks, carets from offset to end_offset,
# then the class and msg alone, whether printed by traceback or as an uncaught error.
import gc
import traceback

# traceback.py allocates more than the model's traceback module: no automatic collections
gc.disable()


def show(e):
    print("".join(traceback.format_exception_only(type(e), e)), end="")


show(SyntaxError("custom", ("f.py", 3, 5, "    x = = 1\n", 3, 8)))
show(SyntaxError("tabs", ("t.py", 2, 3, "\t\tbad here", 2, 3)))
show(SyntaxError("left of the text", ("l.py", 1, 1, "      y", 1, 2)))
show(SyntaxError("two lines", ("m.py", 4, 9, "first\nsecond line\n", 4, 12)))
show(SyntaxError("no text", ("n.py", 7, 2, None, 7, 3)))
show(SyntaxError("no filename", (None, 1, 1, "z", 1, 2)))
show(SyntaxError("no location"))
show(IndentationError("unexpected indent", ("i.py", 2, 5, "    pass\n", 2, -1)))


class LessonError(SyntaxError):
    pass


try:
    compile("print 'hi'", "<lesson>", "exec")
except SyntaxError as e:
    show(e)
try:
    raise LessonError("mine", ("g.py", 1, 3, "abcdef", 1, 5))
except SyntaxError:
    traceback.print_exc()
raise SyntaxError("at the end", ("end.py", 10, 4, "if x = 1:\n", 10, 7))
