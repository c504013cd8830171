"""Decoding a page and converting offsets to positions: one place for both."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path

from linter.errors import InputError
from linter.parse.positions import Pos, Span

_BOM = "\ufeff"
# A page larger than this is not documentation (the largest of a big real site is ~50 kB);
# refuse it rather than hang a hook: a pair at the limit lints in well under 2 s.
MAX_BYTES = 256 * 1024


@dataclass(slots=True)
class SourceText:
    """A page's text with BOM and CRLF normalised away, and a line index.

    Columns stay true to the file because a BOM is only ever before line 1 and
    `\\r` is only ever at a line's end.
    """

    path: str
    text: str
    had_bom: bool = False
    had_crlf: bool = False
    lines: list[str] = field(init=False)
    _starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.lines = self.text.split("\n")
        starts = [0]
        for line in self.lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        self._starts = starts

    @classmethod
    def from_bytes(cls, path: str, data: bytes) -> SourceText:
        if len(data) > MAX_BYTES:
            raise InputError(path, f"file is larger than {MAX_BYTES // 1024} KiB, not a documentation page")
        if b"\x00" in data:
            raise InputError(path, "binary file (contains NUL bytes), not a Markdown page")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(path, f"not valid UTF-8 at byte {exc.start}") from None
        had_bom = text.startswith(_BOM)
        if had_bom:
            text = text[1:]
        had_crlf = "\r" in text
        if had_crlf:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return cls(path, text, had_bom, had_crlf)

    @classmethod
    def read(cls, path: Path | str) -> SourceText:
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise InputError(path, "file not found") from None
        except IsADirectoryError:
            raise InputError(path, "is a directory, not a page") from None
        except OSError as exc:
            raise InputError(path, f"cannot read: {exc.strerror}") from None
        return cls.from_bytes(str(path), data)

    def pos(self, offset: int) -> Pos:
        """Offset into `text` → 1-based line and column."""
        index = bisect.bisect_right(self._starts, offset) - 1
        return Pos(index + 1, offset - self._starts[index] + 1)

    def offset(self, line: int, column: int = 1) -> int:
        """1-based line and column → offset into `text`."""
        return self._starts[line - 1] + column - 1

    def line_span(self, begin: int, end: int) -> Span:
        """markdown-it's 0-based half-open line map → a span covering those lines' text."""
        end = max(end, begin + 1)
        last = min(end, len(self.lines))
        return Span(Pos(begin + 1, 1), Pos(last, len(self.lines[last - 1]) + 1))

    def find(self, needle: str, start: int, stop: int) -> int:
        """Offset of `needle` in text[start:stop], or -1."""
        return self.text.find(needle, start, stop) if needle else -1
