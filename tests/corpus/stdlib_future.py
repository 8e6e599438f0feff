# topic: imports - `from __future__ import ...` and the __future__ module's records
from __future__ import annotations, print_function
import gc
gc.disable()
gc.get_count()
before = gc.get_count()[0]
import __future__
print(gc.get_count()[0] - before)
gc.enable()
print(annotations)
print(print_function.getOptionalRelease(), print_function.getMandatoryRelease())
print(__future__.all_feature_names[-3:], len(__future__.__all__))
print(__future__.division.compiler_flag == __future__.CO_FUTURE_DIVISION)
print(type(__future__.generators).__name__, __future__.__name__)
