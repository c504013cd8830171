"""What of a code block is code: its text without comments and, in diagrams, without labels.

Translators translate comments (`# Return some error`) and diagram labels; the rest of a
block is what readers type or what the diagram connects, and must stay as in English.
Comments are found by a small scanner that knows the comment and string syntax of a
block's language (by the first word of its fence info); a language it does not know
gets `#` and `//` comments that start a line or follow a space, the forms shell, Python,
C-like languages and directory trees share. Newlines are kept, so line numbers hold.
"""

from __future__ import annotations

import functools
import re

from linter.patterns import lazy
from linter.records import Value


class _Syntax(Value):
    """How a language of a code block writes its comments and strings."""

    line: tuple[str, ...]  # markers of a comment to the end of the line
    block: tuple[tuple[str, str], ...]  # opening and closing markers of a block comment
    quotes: str
    anywhere: bool  # a line comment may follow a non-space (Python `x=1# note`)
    first: tuple[str, ...]  # markers of a comment only at the start of a line

    __slots__ = ("line", "block", "quotes", "anywhere", "first")

    def __init__(
        self,
        line: tuple[str, ...] = (),
        block: tuple[tuple[str, str], ...] = (),
        quotes: str = "\"'",
        anywhere: bool = False,
        first: tuple[str, ...] = (),
    ) -> None:
        self.line = line
        self.block = block
        self.quotes = quotes
        self.anywhere = anywhere
        self.first = first


# Shell sessions in documentation write remarks as `// Create a directory` lines too.
_HASH = _Syntax(line=("#",), first=("//",))
_C = _Syntax(line=("//",), block=(("/*", "*/"),), quotes="\"'`")
_SYNTAX: dict[str, _Syntax] = {
    **dict.fromkeys(("python", "py", "python3", "pycon", "ipython"), _Syntax(line=("#",), anywhere=True)),
    **dict.fromkeys(
        (
            "bash",
            "sh",
            "shell",
            "zsh",
            "console",
            "shell-session",
            "yaml",
            "yml",
            "toml",
            "dockerfile",
            "docker",
            "ini",
            "conf",
            "cfg",
            "r",
            "ruby",
            "rb",
            "perl",
            "make",
            "makefile",
            "cmake",
            "dotenv",
            "env",
            "nginx",
        ),
        _HASH,
    ),
    **dict.fromkeys(
        (
            "javascript",
            "js",
            "jsx",
            "typescript",
            "ts",
            "tsx",
            "json",
            "jsonc",
            "json5",
            "java",
            "c",
            "cpp",
            "c++",
            "csharp",
            "cs",
            "go",
            "rust",
            "rs",
            "kotlin",
            "kt",
            "swift",
            "scala",
            "groovy",
            "nextflow",
            "nf",
            "dart",
            "proto",
            "protobuf",
        ),
        _C,
    ),
    **dict.fromkeys(("css", "scss", "less"), _Syntax(block=(("/*", "*/"),))),
    **dict.fromkeys(("php",), _Syntax(line=("//", "#"), block=(("/*", "*/"),))),
    **dict.fromkeys(("html", "xml", "svg", "vue", "markdown", "md"), _Syntax(block=(("<!--", "-->"),), quotes="")),
    **dict.fromkeys(("jinja", "jinja2", "j2"), _Syntax(block=(("{#", "#}"), ("<!--", "-->")), quotes="")),
    **dict.fromkeys(("sql", "lua", "haskell", "hs"), _Syntax(line=("--",), block=(("/*", "*/"),))),
    **dict.fromkeys(("powershell", "ps1", "pwsh"), _Syntax(line=("#",), block=(("<#", "#>"),))),
    **dict.fromkeys(("bat", "cmd", "batch"), _Syntax(line=("REM ", "rem ", "::"), quotes='"')),
}
_UNKNOWN = _Syntax(line=("#", "//"))


def without_comments(text: str, language: str) -> str:
    """`text` with the comments of `language` removed (newlines kept); strings are left alone.

    The scanner jumps from one place where a comment, a string or an escape may start to the next
    (a regex finds it), copying what lies between: a character at a time, a megabyte of code took seconds.
    """
    syntax = _SYNTAX.get(language.casefold(), _UNKNOWN)
    stops = _stops(syntax)
    out: list[str] = []
    index, size = 0, len(text)
    quote = ""  # the quote of the string the scanner is in
    while index < size:
        found = (_string_ends(quote) if quote else stops).search(text, index)
        at = size if found is None else found.start()
        out.append(text[index:at])
        index = at
        if index == size:
            break
        char = text[index]
        if quote:
            if char == "\\":
                out.append(text[index : index + 2])
                index += 2
                continue
            quote = ""  # its closing quote, or a newline: a string never spans lines here (an apostrophe in prose)
            out.append(char)
            index += 1
            continue
        closer = next((end for start, end in syntax.block if text.startswith(start, index)), None)
        if closer is not None:
            end = text.find(closer, index + 1)
            end = size if end < 0 else end + len(closer)
            out.append("\n" * text.count("\n", index, end))
            index = end
            continue
        starts = index == 0 or text[index - 1].isspace()
        if (
            any(text.startswith(marker, index) for marker in syntax.line)
            and (syntax.anywhere or starts)
            or any(text.startswith(marker, index) for marker in syntax.first)
            and not text[text.rfind("\n", 0, index) + 1 : index].strip()
        ):
            end = text.find("\n", index)
            index = size if end < 0 else end
            continue
        if char in syntax.quotes:
            quote = char
        out.append(char)
        index += 1
    return "".join(out)


@functools.cache
def _string_ends(quote: str) -> re.Pattern[str]:
    """Where a string of this quote may end or escape a character: its quote, a backslash, a newline."""
    return re.compile(f"[{re.escape(quote)}\\\\\n]")


@functools.cache
def _stops(syntax: _Syntax) -> re.Pattern[str]:
    """Where a comment or a string of `syntax` may start: the scanner looks nowhere else."""
    starts = [start for start, _ in syntax.block] + [*syntax.line, *syntax.first] + list(syntax.quotes)
    return re.compile("|".join(map(re.escape, starts)) or "(?!)")


# Mermaid: what a diagram connects is code, what it shows (labels, notes, titles) is text.
_LABELLED = lazy(r"\[[^\[\]\n]*\]|\([^()\n]*\)|\{[^{}\n]*\}|\|[^|\n]*\||\"[^\"\n]*\"")
_MERMAID_TEXT_LINE = lazy(
    r"^[ \t]*(opt|alt|else|loop|par|and|critical|break|rect|section|title|subgraph|accTitle|accDescr)\b.*$", re.M
)
_MERMAID_ALIAS = lazy(r"^([ \t]*(?:participant|actor)\s+\S+)\s+as\s+.*$", re.M)
_WORD = lazy(r"[^\W_][\w-]*(?<!-)")
_MERMAID_MESSAGE = lazy(r"^([^:\n%]*):.*$", re.M)  # (the label's spaces are stripped after: one pass)


def mermaid_structure(text: str) -> str:
    """A Mermaid diagram without its labels, its node ids as `x`: keywords, arrows and shapes, line by line.

    Translations rename node ids (`Comienzo[Start]`) consistently, which changes nothing shown.
    """
    text = re.sub(r"%%.*$", "", text, flags=re.M)
    previous = None
    while previous != text:  # innermost brackets first: `(["label"])`, `[[label]]`
        previous, text = text, _LABELLED.sub(lambda m: m.group(0)[0] + m.group(0)[-1], text)
    text = _MERMAID_TEXT_LINE.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + m.group(1), text)
    text = _MERMAID_ALIAS.sub(r"\1", text)
    text = _MERMAID_MESSAGE.sub(lambda match: match.group(1).rstrip(), text)
    return "\n".join(_WORD.sub("x", line).replace(" ", "") for line in text.split("\n"))


def code_structure(text: str, language: str) -> str:
    """What of a block's text must stay as in English: comments and diagram labels removed."""
    if language.casefold() == "mermaid":
        return mermaid_structure(text)
    return without_comments(text, language)
