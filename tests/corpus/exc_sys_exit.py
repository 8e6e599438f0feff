# topic: exceptions - sys.exit(code) raises SystemExit: finally blocks run, the script ends with that status
import sys
def shutdown():
    try:
        print('shutting down')
        sys.exit(3)
    finally:
        print('finally runs before exit')
try:
    sys.exit(0)
except SystemExit as e:
    print('caught SystemExit', e.code, repr(e))
try:
    sys.exit('message')
except SystemExit as e:
    print('caught', e.code)
print(issubclass(SystemExit, Exception), issubclass(SystemExit, BaseException))
try:
    shutdown()
except Exception:
    print('Exception does not catch SystemExit')
print('unreachable')
