# topic: with - several context managers: entered left to right, exited in reverse, even on exceptions
log = []
class CM:
    def __init__(self, name, fail_enter=False):
        self.name = name
        self.fail_enter = fail_enter
    def __enter__(self):
        log.append('enter ' + self.name)
        if self.fail_enter:
            raise RuntimeError('enter failed: ' + self.name)
        return self
    def __exit__(self, *exc):
        log.append('exit ' + self.name + (' with ' + exc[0].__name__ if exc[0] else ''))
        return False
with CM('a') as a, CM('b') as b:
    log.append('body ' + a.name + b.name)
print(log)
log.clear()
try:
    with CM('outer'):
        with CM('inner'):
            raise ZeroDivisionError
except ZeroDivisionError:
    log.append('handled')
print(log)
log.clear()
try:
    with CM('first'), CM('second', fail_enter=True), CM('third'):
        log.append('never')
except RuntimeError as e:
    log.append(str(e))
print(log)
class Swallow:
    def __enter__(self):
        return self
    def __exit__(self, t, v, tb):
        print('Swallow saw', repr(v))
        return True
with Swallow():
    with CM('x'):
        1 / 0
print(log[-2:])
