# bool(NotImplemented) is a DeprecationWarning in 3.11 (on stderr), shown once per place
# for __main__, and remembered in the module's __warningregistry__.
x = bool(NotImplemented)
for i in range(3):
    y = not NotImplemented


def f():
    if NotImplemented:
        return "truthy"


print(x, y, f(), f())
reg = __warningregistry__
print(len(reg), reg["version"], sorted(k[2] for k in reg if k != "version"))
print([type(k).__name__ for k in reg], [k[1].__name__ for k in reg if k != "version"])
print("__warningregistry__" in globals(), "__warningregistry__" in vars(type(reg)))
