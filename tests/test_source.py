"""SourceText: decoding, normalisation and positions."""

from __future__ import annotations

import pytest

from linter.errors import InputError
from linter.parse.positions import Pos, Span
from linter.parse.source import SourceText


def test_bom_is_removed_and_remembered() -> None:
    src = SourceText.from_bytes("a.md", "\ufeff# Título\n".encode())
    assert src.had_bom
    assert src.text == "# Título\n"
    assert src.pos(0) == Pos(1, 1)


def test_crlf_and_lone_cr_are_normalised() -> None:
    src = SourceText.from_bytes("a.md", b"one\r\ntwo\rthree\r\n")
    assert src.had_crlf
    assert src.text == "one\ntwo\nthree\n"
    assert src.lines == ["one", "two", "three", ""]
    assert src.pos(src.text.index("three")) == Pos(3, 1)


def test_plain_text_flags_are_false() -> None:
    src = SourceText.from_bytes("a.md", b"text\n")
    assert not src.had_bom and not src.had_crlf


def test_positions_count_code_points() -> None:
    src = SourceText("a.md", "ab\n日本語 `x`\n")
    offset = src.text.index("`x`")
    assert src.pos(offset) == Pos(2, 5)
    assert src.offset(2, 5) == offset
    for offset in range(len(src.text)):
        pos = src.pos(offset)
        assert src.offset(pos.line, pos.column) == offset


def test_line_span_covers_whole_lines() -> None:
    src = SourceText("a.md", "one\ntwo\nthree")
    assert src.line_span(0, 2) == Span(Pos(1, 1), Pos(2, 4))
    assert src.line_span(2, 2) == Span(Pos(3, 1), Pos(3, 6))  # empty map still covers its line
    assert src.line_span(1, 99) == Span(Pos(2, 1), Pos(3, 6))  # clamped to the last line


def test_find_is_bounded() -> None:
    src = SourceText("a.md", "abcabc")
    assert src.find("abc", 1, 6) == 3
    assert src.find("abc", 1, 5) == -1
    assert src.find("", 0, 6) == -1


def test_invalid_utf8_names_the_byte_offset() -> None:
    with pytest.raises(InputError) as info:
        SourceText.from_bytes("bad.md", b"hello \xff world")
    assert info.value.path == "bad.md"
    assert "not valid UTF-8 at byte 6" in str(info.value)


def test_nul_byte_means_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        SourceText.from_bytes("img.md", b"\x89PNG\x00\x00")


def test_read_missing_file_and_directory(tmp_path) -> None:
    with pytest.raises(InputError, match="not found"):
        SourceText.read(tmp_path / "nope.md")
    with pytest.raises(InputError, match="directory"):
        SourceText.read(tmp_path)


def test_read_file(tmp_path) -> None:
    path = tmp_path / "it.md"
    path.write_bytes("\ufeff## Ciao\r\n".encode())
    src = SourceText.read(path)
    assert src.text == "## Ciao\n" and src.had_bom and src.had_crlf
    assert src.path == str(path)
