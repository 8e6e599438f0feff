# dir() without arguments lists the keys of the locals mapping: an exact dict is read
# directly, anything else (a dict subclass too) through its keys().
class Locals(dict):
    def __getitem__(self, key):
        return dir

    def keys(self):
        yield "zeta"
        yield "alpha"

print(eval("dir()", {}, Locals()))
print(eval("dir()", {}, {"b": 1, "a": 2}))

class Mapping:
    def __getitem__(self, key):
        if key == "dir":
            return dir
        raise KeyError(key)

    def keys(self):
        return ["q", "p"]

print(eval("dir()", {}, Mapping()))
