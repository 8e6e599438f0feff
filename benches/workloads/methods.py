# 2M method calls with attribute get/set on a user class.
class Counter:
    def __init__(self):
        self.count = 0
        self.step = 3

    def bump(self):
        self.count = (self.count + self.step) % 1000003


c = Counter()
for i in range(2000000):
    c.bump()
print(c.count)
