"""1-based positions and spans, the only coordinates users ever see."""

from __future__ import annotations

import operator
from dataclasses import dataclass, fields
from typing import TypeVar

T = TypeVar("T")


def constructed(cls: type[T]) -> type[T]:
    """Pickled as a call of the class with its fields (a frozen dataclass's own pickling reads them one by
    one: a big page, parsed on a fork, comes back with 100,000s of positions and tens of thousands of links)."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    values = operator.attrgetter(*names)
    if len(names) == 1:  # attrgetter of one name gives the value, not a tuple
        cls.__reduce__ = lambda self: (cls, (values(self),))  # type: ignore[method-assign,assignment]
    else:
        cls.__reduce__ = lambda self: (cls, values(self))  # type: ignore[method-assign,assignment]
    return cls


@constructed
@dataclass(frozen=True, slots=True, order=True)
class Pos:
    """A place in a page: line and column, both 1-based."""

    line: int
    column: int  # 1-based, in code points, as editors count

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A stretch of a page, from `start` up to `end`."""

    start: Pos
    end: Pos  # exclusive

    def __reduce__(self) -> tuple[object, tuple[int, int, int, int]]:
        # Pickled as its four numbers: its two positions are not pickled as objects of their own (a big
        # page's tree, parsed on a fork, holds 80,000 of them; this takes 40% off pickling it).
        start, end = self.start, self.end
        return _span, (start.line, start.column, end.line, end.column)

    @classmethod
    def lines(cls, first: int, last: int, end_column: int = 1) -> Span:
        """Span from the start of line `first` to column `end_column` of line `last` (1-based)."""
        return cls(Pos(first, 1), Pos(last, end_column))


def _span(line: int, column: int, end_line: int, end_column: int) -> Span:
    return Span(Pos(line, column), Pos(end_line, end_column))
