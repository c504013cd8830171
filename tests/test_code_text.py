"""rules/code_text.py: what of a code block is code (its text without comments)."""

from __future__ import annotations

import re

import pytest

from rules import code_text
from rules.code_text import without_comments

CASES = [
    ("python", "x = 1  # set x\ny = '# no comment'  # but this\n", "x = 1  \ny = '# no comment'  \n"),
    ("python", 'print("a \\" # b")# c', 'print("a \\" # b")'),
    ("bash", "echo hi # greet\n// a remark\nurl=http://x#y", "echo hi \n\nurl=http://x#y"),
    ("c", "int x; /* a\nlong */ int y; // end", "int x; \n int y; "),
    ("c", 'char *s = "/* not */"; /* yes */', 'char *s = "/* not */"; '),
    ("html", "<p>x</p><!-- gone\n-->'# kept", "<p>x</p>\n'# kept"),
    ("sql", "SELECT 1; -- one\n/* two */SELECT 2", "SELECT 1; \nSELECT 2"),
    ("bat", 'REM setup\necho "REM x" :: y', '\necho "REM x" '),
    ("", "ls -la # list\nit's # an apostrophe ends at the line", "ls -la \nit's # an apostrophe ends at the line"),
    ("yaml", "key: 'it''s' # note\n", "key: 'it''s' \n"),
]


@pytest.mark.parametrize(("language", "text", "code"), CASES)
def test_comments_are_removed_and_strings_kept(language: str, text: str, code: str) -> None:
    assert without_comments(text, language) == code
    assert without_comments(text, language).count("\n") == text.count("\n")


def test_the_scanner_stops_only_where_a_comment_or_string_may_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """It went a character at a time: a megabyte of backticks in fences took seconds on each side."""
    searches = []

    class Counted:
        def __init__(self, pattern: re.Pattern[str]) -> None:
            self.pattern = pattern

        def search(self, text: str, pos: int) -> re.Match[str] | None:
            searches.append(pos)
            return self.pattern.search(text, pos)

    stops = code_text._stops
    monkeypatch.setattr(code_text, "_stops", lambda syntax: Counted(stops(syntax)))
    line = "`" * 100_000 + " x # y " + "`" * 100_000
    assert without_comments(line, "text") == "`" * 100_000 + " x "
    assert len(searches) == 1
