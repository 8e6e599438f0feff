# topic: modules - __main__'s namespace in script mode: __annotations__ = {} is there from start-up (add_main_module), before __builtins__
print(dir())
print(list(globals()))
x: int = 1
print(__annotations__, list(globals())[5:7])
