"""1-based positions and spans, the only coordinates users ever see."""

from __future__ import annotations

from linter.records import Ordered


class Pos(Ordered):
    """A place in a page: line and column, both 1-based."""

    line: int
    column: int  # 1-based, in code points, as editors count

    __slots__ = ("line", "column")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


class Span(Ordered):
    """A stretch of a page, from `start` up to `end`."""

    start: Pos
    end: Pos  # exclusive

    __slots__ = ("start", "end")

    def __init__(self, start: Pos, end: Pos) -> None:
        self.start = start
        self.end = end

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
