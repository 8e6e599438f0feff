# A richards-like class workload: a scheduler of task subclasses passing packets.
class Packet:
    def __init__(self, link, ident, kind):
        self.link = link
        self.ident = ident
        self.kind = kind
        self.datum = 0


class Task:
    def __init__(self, scheduler, ident, priority):
        self.scheduler = scheduler
        self.ident = ident
        self.priority = priority
        self.queue = []
        self.runs = 0

    def receive(self, packet):
        self.queue.append(packet)

    def step(self):
        self.runs += 1
        if self.queue:
            return self.handle(self.queue.pop())
        return self.idle()

    def idle(self):
        return None

    def handle(self, packet):
        raise NotImplementedError


class WorkTask(Task):
    def handle(self, packet):
        packet.datum = (packet.datum + self.priority) % 26
        target = self.scheduler.tasks[(self.ident + 1) % len(self.scheduler.tasks)]
        return target, packet


class DeviceTask(Task):
    def handle(self, packet):
        self.scheduler.done += 1
        packet.kind = 1 - packet.kind
        return self.scheduler.tasks[packet.kind], packet


class IdleTask(Task):
    def idle(self):
        self.scheduler.idle_count += 1
        return None

    def handle(self, packet):
        return self.scheduler.tasks[2], packet


class Scheduler:
    def __init__(self):
        self.tasks = []
        self.done = 0
        self.idle_count = 0

    def add(self, task):
        self.tasks.append(task)
        return task

    def run(self, rounds):
        for _ in range(rounds):
            for task in self.tasks:
                sent = task.step()
                if sent is not None:
                    target, packet = sent
                    target.receive(packet)


s = Scheduler()
s.add(WorkTask(s, 0, 3))
s.add(WorkTask(s, 1, 5))
s.add(DeviceTask(s, 2, 7))
s.add(IdleTask(s, 3, 1))
for k in range(6):
    s.tasks[k % 3].receive(Packet(None, k, k % 2))
s.run(60000)
print(s.done, s.idle_count, [t.runs for t in s.tasks], sum(p.datum for t in s.tasks for p in t.queue))
