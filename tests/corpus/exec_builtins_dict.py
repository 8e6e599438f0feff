# PyEval_EvalCode finds builtins in the globals' __builtins__ (a module's dict, or the dict
# itself): exec() and eval() with a globals dict of their own builtins use those.
try:
    exec("len([])", {"__builtins__": {}})
except NameError as e:
    print("NameError:", e)
print(eval("abs(-1)", {"__builtins__": {"abs": lambda x: "my abs"}}))
ns = {"__builtins__": {"print": lambda *a: None, "len": len}}
exec("n = len('abc')\nprint('hidden')", ns)
print(ns["n"])
g = {}
exec("import builtins\nfound = __builtins__ is builtins.__dict__", g)
print(g["found"], type(g["__builtins__"]).__name__)
import builtins
print(eval("max(3, 4)", {"__builtins__": builtins}))
