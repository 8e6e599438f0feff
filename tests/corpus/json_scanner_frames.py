# topic: json's scanner is C (_json.scan_once): a decoding error's traceback holds no frames below raw_decode
import json, sys
doc = '{"a": [1, 2, }'
try:
    json.loads(doc)
except json.JSONDecodeError as e:
    print(e.msg, e.pos, sys.getrefcount(doc))
    tb = e.__traceback__
    names = []
    while tb is not None:
        names.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    print(names)
try:
    json.loads('[1, "abc')
except ValueError as e:
    print(e)
