# topic: dataclasses - a class written from its annotations when typing was never imported
from dataclasses import dataclass, fields


@dataclass
class Employee:
    name: str
    dept: str
    salary: int = 1000


john = Employee('john', 'computer lab')
print(john, john.dept, john.salary, [f.name for f in fields(Employee)])
print(Employee('ann', 'lab', 5) == Employee('ann', 'lab', 5))
