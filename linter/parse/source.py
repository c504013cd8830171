"""Decoding a page and converting offsets to positions: one place for both."""

from __future__ import annotations

import bisect
import os
import stat
from pathlib import Path

from linter.errors import InputError
from linter.parse.positions import Pos, Span
from linter.records import Value

_BOM = "\ufeff"
# The default of `max-page-size`: far above real pages (release notes reach 1 MB), low enough that
# a file that is no page (a log, a dump) is refused before it is read.
MAX_BYTES = 8 * 1024 * 1024
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_file(path: Path | str, limit: int = MAX_BYTES, what: str = "page") -> bytes:
    """A regular file's bytes, read only after its type and size are checked; InputError otherwise.

    A named pipe, a device or a socket would block or never end; the read stops past `limit`
    in case the file grows meanwhile. Symbolic links are followed.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.lexists(path):
            raise InputError(path, "broken symbolic link: the file it names does not exist") from None
        raise InputError(path, "file not found") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None
    kind = next((name for test, name in _KINDS if test(info.st_mode)), None)
    if kind is not None or not stat.S_ISREG(info.st_mode):
        raise InputError(path, f"is {kind or 'a special file'}, not a {what}")
    if info.st_size > limit:
        raise InputError(path, _too_large(info.st_size, limit, what))
    try:
        # Non-blocking, and checked again once open: the file may have been replaced by a pipe meanwhile.
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise InputError(path, f"is a special file, not a {what}")
            data = file.read(limit + 1)
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None
    if len(data) > limit:
        raise InputError(path, _too_large(len(data), limit, what))
    return data


def _too_large(size: int, limit: int, what: str) -> str:
    return f"is {_mib(size)}, over the {_mib(limit)} limit for a {what} (raise max-page-size to check it)"


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KiB"


class SourceText(Value):
    """A page's text with BOM and CRLF normalised away, and a line index.

    Columns stay true to the file because a BOM is only ever before line 1 and
    `\\r` is only ever at a line's end.
    """

    path: str
    text: str
    had_bom: bool
    had_crlf: bool
    lines: list[str]
    _starts: list[int]

    __slots__ = ("path", "text", "had_bom", "had_crlf", "lines", "_starts")

    def __init__(self, path: str, text: str, had_bom: bool = False, had_crlf: bool = False) -> None:
        self.path = path
        self.text = text
        self.had_bom = had_bom
        self.had_crlf = had_crlf
        self.lines = self.text.split("\n")
        starts = [0]
        for line in self.lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        self._starts = starts

    def __reduce__(self) -> tuple[type[SourceText], tuple[str, str, bool, bool]]:
        # Pickled without its line index, which is cheaper to build again than to pickle (a 1 MB page
        # parsed on a fork comes back 1 MB smaller).
        return SourceText, (self.path, self.text, self.had_bom, self.had_crlf)

    @classmethod
    def from_bytes(cls, path: str, data: bytes) -> SourceText:
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
    def read(cls, path: Path | str, limit: int = MAX_BYTES) -> SourceText:
        return cls.from_bytes(str(path), read_file(path, limit))

    def pos(self, offset: int) -> Pos:
        """Offset into `text` → 1-based line and column."""
        index = bisect.bisect_right(self._starts, offset) - 1
        return Pos(index + 1, offset - self._starts[index] + 1)

    def offset(self, line: int, column: int = 1) -> int:
        """1-based line and column → offset into `text`."""
        return self._starts[line - 1] + column - 1

    def line_span(self, begin: int, end: int) -> Span:
        """markdown-it's 0-based half-open line map → a span covering those lines' text."""
        lines = self.lines
        if end <= begin:
            end = begin + 1
        last = end if end < len(lines) else len(lines)
        return Span(Pos(begin + 1, 1), Pos(last, len(lines[last - 1]) + 1))

    def find(self, needle: str, start: int, stop: int) -> int:
        """Offset of `needle` in text[start:stop], or -1."""
        return self.text.find(needle, start, stop) if needle else -1
