"""1-based positions and spans, the only coordinates users ever see."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Pos:
    line: int
    column: int  # 1-based, in code points, as editors count

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"

    def __reduce__(self) -> tuple[type[Pos], tuple[int, int]]:
        # A frozen dataclass's own pickling reads its fields one by one: a page has 100,000s of positions.
        return Pos, (self.line, self.column)


@dataclass(frozen=True, slots=True, order=True)
class Span:
    start: Pos
    end: Pos  # exclusive

    def __reduce__(self) -> tuple[type[Span], tuple[Pos, Pos]]:
        return Span, (self.start, self.end)

    @classmethod
    def lines(cls, first: int, last: int, end_column: int = 1) -> Span:
        """Span from the start of line `first` to column `end_column` of line `last` (1-based)."""
        return cls(Pos(first, 1), Pos(last, end_column))
