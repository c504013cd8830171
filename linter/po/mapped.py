"""Text assembled from runs of an original string and inserted text, with the way back to the original."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass
class Mapped:
    """`text` is built by `copy` (original characters) and `insert` (new ones); `original` maps back.

    An offset inside inserted text maps to where the insertion happened, so a finding on
    a link target a converter placeholder stood for points at the placeholder.
    """

    text: str = ""
    _starts: list[int] = field(default_factory=list)  # start of each run in `text`
    _runs: list[tuple[int, bool]] = field(default_factory=list)  # (its offset in the original, copied?)

    def copy(self, original: str, start: int, end: int) -> None:
        if end > start:
            self._add(original[start:end], start, True)

    def insert(self, text: str, at: int) -> None:
        if text:
            self._add(text, at, False)

    def _add(self, text: str, origin: int, copied: bool) -> None:
        self._starts.append(len(self.text))
        self._runs.append((origin, copied))
        self.text += text

    def original(self, offset: int) -> int:
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return 0
        origin, copied = self._runs[index]
        if not copied:
            return origin
        end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self.text)
        return origin + min(offset, end) - self._starts[index]
