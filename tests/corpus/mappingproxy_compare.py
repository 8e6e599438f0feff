# mappingproxy_richcompare is PyObject_RichCompare(mapping, other, op): whatever
# object the mapping's comparison gives comes back unchanged.
from types import MappingProxyType

class Result:
    def __bool__(self):
        raise RuntimeError("coerced")
    def __repr__(self):
        return "<Result>"

res = Result()
calls = []

class Compared:
    def __eq__(self, other):
        calls.append("eq")
        return res
    def __lt__(self, other):
        calls.append("lt")
        return res
    def __gt__(self, other):
        calls.append("gt")
        return res

class CustomMapping(Compared, dict):
    pass

print(MappingProxyType(CustomMapping()) == {}, calls)
calls.clear()
print(MappingProxyType({}) < Compared(), calls)
print(MappingProxyType({1: 2}) == {1: 2}, MappingProxyType({1: 2}) != {1: 3})
try:
    MappingProxyType({}) < {}
except TypeError as e:
    print(e)
