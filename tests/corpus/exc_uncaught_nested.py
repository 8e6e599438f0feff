# topic: exceptions - uncaught exception raised deep in a call chain; finally blocks still print on the way out
def level3(x):
    try:
        return x['key']
    finally:
        print('level3 finally')
def level2(x):
    print('level2 start')
    return level3(x)
def level1():
    try:
        return level2({'other': 1})
    finally:
        print('level1 finally')
print('start')
level1()
