"""Reading a gettext catalog: entries from polib, positions and syntax checks from the file's own lines.

polib gives each entry's strings, flags and references, but only the line an entry
starts on, and it accepts some broken files (an unterminated string). A light scan
of the lines checks the syntax first, so a malformed file is one error naming its
line, and remembers where every quoted string sits, so a finding inside a msgstr
points at the PO line and column that hold it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from linter.errors import InputError
from linter.parse.positions import Pos
from linter.parse.source import MAX_BYTES, read_file
from linter.patterns import lazy

TRANSLATED, FUZZY, UNTRANSLATED, OBSOLETE = "translated", "fuzzy", "untranslated", "obsolete"

_STRING = r'"(?:[^"\\\n]|\\.)*"'
_KEYWORD = lazy(rf"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+({_STRING})[ \t]*$")
_CONTINUATION = lazy(rf"^[ \t]*({_STRING})[ \t]*$")
_REFERENCE = lazy(r"(\S+?)(?::(block \d+ \([^)]*\)|\d+))?(?=\s|$)")
_POLIB_LINE = lazy(r"\(line (\d+)\)")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPE = lazy(r"\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)")


@dataclass(frozen=True, slots=True)
class PoString:
    """One keyword's quoted string over its lines: maps an offset in the decoded text to the file."""

    chunks: tuple[tuple[int, int, str], ...]  # (1-based line, column of the opening quote, raw inner text)

    @property
    def line(self) -> int:
        return self.chunks[0][0]

    def pos(self, offset: int) -> Pos:
        """Decoded offset → position of that character in the PO file (the end of the string past it)."""
        remaining = offset
        for line, quote, raw in self.chunks:
            column = quote + 1
            for piece in _pieces(raw):
                size = len(_decode(piece))
                if remaining < size:
                    return Pos(line, column)
                remaining -= size
                column += len(piece)
        line, quote, raw = self.chunks[-1]
        return Pos(line, quote + 1 + len(raw))


def _pieces(raw: str) -> Iterator[str]:
    """A quoted string's raw text split into characters and escape sequences."""
    index = 0
    while index < len(raw):
        match = _ESCAPE.match(raw, index) if raw[index] == "\\" else None
        end = match.end() if match else index + 1
        yield raw[index:end]
        index = end


def _decode(piece: str) -> str:
    if not piece.startswith("\\") or len(piece) < 2:
        return piece
    code = piece[1:]
    if code[0] == "x":
        return chr(int(code[1:], 16))
    if code[0].isdigit():
        return chr(int(code, 8))
    return _ESCAPES.get(code, code)


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a gettext catalog: msgid, msgstr, context, state and `#:` references."""

    msgid: str
    msgstr: str
    msgctxt: str | None
    state: str  # TRANSLATED, FUZZY, UNTRANSLATED or OBSOLETE
    refs: tuple[tuple[str, str], ...]  # `#:` references: (path, line or mdpo's "block 7 (paragraph)")
    line: int  # where the entry starts (its first comment)
    msgid_at: PoString | None
    msgstr_at: PoString | None


@dataclass
class Catalog:
    """A gettext catalog: its entries and its language."""

    path: str
    entries: list[Entry]
    language: str = ""  # the header's Language field


def read_catalog(path: Path | str, limit: int = MAX_BYTES) -> Catalog:
    """Parse a PO file; raises InputError naming the file and line for anything malformed."""
    import polib

    shown = str(path)
    data = read_file(path, limit, "PO file")
    encoding = _charset(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(f"{shown}:{line}", f"not valid {encoding} (the charset the header names)") from None
    except LookupError:
        raise InputError(shown, f'the header names an unknown charset "{encoding}"') from None
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    strings = _scan(shown, lines)
    try:
        po = polib.pofile(text.lstrip("\ufeff"), encoding=encoding)
    except (OSError, ValueError) as exc:  # polib raises OSError for syntax errors
        found = _POLIB_LINE.search(str(exc))
        where = f"{shown}:{found.group(1)}" if found else shown
        raise InputError(where, "not a valid PO file") from None
    keyword_lines = list(strings)  # in file order: the scan adds them line by line
    entries = [_entry(item, lines, strings, keyword_lines) for item in po if item.msgid or item.msgctxt]
    return Catalog(shown, entries, str(po.metadata.get("Language", "")).strip())


def _charset(data: bytes) -> str:
    found = re.search(rb"charset=([A-Za-z0-9_.:-]+)", data[:4096])
    name = found.group(1).decode("ascii") if found else "utf-8"
    return "utf-8" if name.upper() == "CHARSET" else name  # an unfilled template header


def _scan(shown: str, lines: list[str]) -> dict[int, tuple[str, PoString]]:
    """Line of each keyword → (keyword, its string); InputError at the first malformed line."""
    found: dict[int, tuple[str, list[tuple[int, int, str]]]] = {}
    current: list[tuple[int, int, str]] | None = None  # the chunks of the string being read
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            current = None if not stripped or stripped.startswith("#~") else current
            continue
        keyword = _KEYWORD.match(line)
        if keyword:
            current = [(number, keyword.start(2) + 1, keyword.group(2)[1:-1])]
            found[number] = (keyword.group(1), current)
            continue
        continuation = _CONTINUATION.match(line)
        if continuation and current is not None:
            current.append((number, continuation.start(1) + 1, continuation.group(1)[1:-1]))
            continue
        if continuation:
            reason = "a quoted string that belongs to no msgid or msgstr"
        elif line.count('"') % 2 or stripped.endswith("\\"):
            reason = "unterminated string"
        else:
            reason = f'expected msgid, msgstr or a quoted string, found "{_clip(stripped)}"'
        raise InputError(f"{shown}:{number}", f"not a valid PO file: {reason}")
    return {number: (keyword, PoString(tuple(chunks))) for number, (keyword, chunks) in found.items()}


def _clip(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _references(lines: list[str], start: int) -> tuple[tuple[str, str], ...]:
    """The `#:` references of the entry starting at line `start`.

    Read from the lines rather than from polib, which splits mdpo's `path:block 7 (paragraph)`
    at its spaces.
    """
    refs: list[tuple[str, str]] = []
    for index in range(start - 1, len(lines)):  # by index: a slice or islice per entry is quadratic
        line = lines[index]
        if not line.startswith("#") or line.startswith("#~"):
            break
        if line.startswith("#:"):
            refs += [(match.group(1), match.group(2) or "") for match in _REFERENCE.finditer(line[2:])]
    return tuple(refs)


def _entry(item: object, lines: list[str], strings: dict[int, tuple[str, PoString]], keyword_lines: list[int]) -> Entry:
    from polib import POEntry

    assert isinstance(item, POEntry)
    if item.obsolete:
        state = OBSOLETE
    elif "fuzzy" in item.flags:
        state = FUZZY
    elif item.translated():
        state = TRANSLATED
    else:
        state = UNTRANSLATED
    start = max(item.linenum, 1)  # polib numbers a file's first entry 0 when no header precedes it
    msgid_at = msgstr_at = None
    if state != OBSOLETE:  # obsolete entries are `#~` comments: never checked, never located
        # An entry's keywords are the first ones from the line it starts on.
        for index in range(bisect.bisect_left(keyword_lines, start), len(keyword_lines)):
            line = keyword_lines[index]
            keyword, string = strings[line]
            if keyword == "msgid":
                msgid_at = string
            elif keyword.startswith("msgstr"):
                msgstr_at = string
                break
    return Entry(
        msgid=item.msgid,
        msgstr=item.msgstr_plural.get(0, "") if item.msgid_plural else item.msgstr,  # plurals: the first form
        msgctxt=item.msgctxt,
        state=state,
        refs=_references(lines, start),
        line=start,
        msgid_at=msgid_at,
        msgstr_at=msgstr_at,
    )
