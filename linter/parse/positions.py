"""1-based positions and spans, the only coordinates users ever see."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Pos:
    line: int
    column: int  # 1-based, in code points, as editors count

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


@dataclass(frozen=True, slots=True, order=True)
class Span:
    start: Pos
    end: Pos  # exclusive

    @classmethod
    def lines(cls, first: int, last: int, end_column: int = 1) -> Span:
        """Span from the start of line `first` to column `end_column` of line `last` (1-based)."""
        return cls(Pos(first, 1), Pos(last, end_column))
