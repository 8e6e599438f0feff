# from __future__ import annotations (PEP 563): annotations are stored as text, never
# evaluated, so a class may name one defined further down
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, List


class Node:
    next: Optional[Node] = None

    def __init__(self, value: int, parent: Tree | None = None) -> None:
        self.value = value
        self.parent = parent

    def walk(self, depth: int = 0, *rest: Tuple[int, ...], **kw: dict[str, 'Node']) -> List[int]:
        return [self.value]


class Tree:
    root: Node
    size: int = 0


@dataclass
class Point:
    x: float
    y: float = 0.0
    tags: list[str] = field(default_factory=list)


print(Node.__annotations__)
print(Node.__init__.__annotations__)
print(Node.walk.__annotations__)
print(Tree.__annotations__, Point.__annotations__)
print(Point(1.5), Point(1, 2, ['a']))
undefined_name: ThisIsNotDefined = 3
print(__annotations__)


def shapes(a: x[1:2, ::3], b: (lambda q: q)(1), c: {1: 2, **d}, e: not f, g: -h ** 2, i: (j, k)) -> a.b.c(*d, e=f):
    pass


print(shapes.__annotations__)


def more(a: 1 if b else 2, c: [x for x in y if x], d: f'{e!r:>{w}}', g: 3.0, h: 1e400, i: b'x', j: ...) -> None:
    pass


print(more.__annotations__)
