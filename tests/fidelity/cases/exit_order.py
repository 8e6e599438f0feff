# topic: interpreter exit - atexit callbacks first, then a full collection (cyclic garbage's __del__ sees the globals), then __main__'s globals become garbage and are collected whole: every __del__ still sees them
import atexit
import gc

class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print('__del__', self.name, 'sees', greeting, type(gc).__name__)

class Cyclic(Tracked):
    def __init__(self, name):
        super().__init__(name)
        self.me = self

def goodbye(who, punct='!'):
    print('atexit:', who + punct)

greeting = 'hello'
first = Tracked('first')
second = Tracked('second')
_private = Tracked('_private')
c = Cyclic('cycle')
del c
atexit.register(goodbye, 'world')
atexit.register(goodbye, 'again', punct='?')
atexit.register(print, 'registered last, runs first')
atexit.unregister(print)
print('end of script')
