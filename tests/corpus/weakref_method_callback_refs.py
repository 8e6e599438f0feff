# topic: weakref.WeakMethod - its _cb is a Python function: its frame holds the dead weak reference and the WeakMethod while the user's callback runs
import sys
import weakref


class Button:
    def click(self):
        return 1


b = Button()
wm = weakref.WeakMethod(b.click, lambda w: print("callback sees", sys.getrefcount(w)))
wm2 = weakref.WeakMethod(b.click, lambda w: print("second sees", sys.getrefcount(w)))
del b
c = Button()
only = weakref.WeakMethod(c.click, lambda w: print("only sees", sys.getrefcount(w)))
del c
