"""Block rules for what CommonMark does not know: pymdown's indented containers and `///` blocks.

markdown-it-py's own admonition plugin closes a block at two blank lines and has no
content tabs; Python-Markdown closes one only at a dedent. These rules follow the
regular expressions of Python-Markdown's `admonition`, pymdownx `details` and
`tabbed`, so a header the site would not render is left as a paragraph (which a
rule then reports), and `!!! рекомендації` is a container whose type is wrong.
"""

from __future__ import annotations

import re
from functools import partial

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from linter.parse.dialect import DEFAULT, Dialect
from linter.patterns import lazy

_NAMES = r"[\w\-]+(?: +[\w\-]+)*"
HEADERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("admonition", re.compile(rf'^(!!!) ?(?P<tag>{_NAMES})(?: +"(?P<title>.*?)")? *$')),
    (
        "details",
        re.compile(rf'^(\?{{3}}\+?) ?(?:(?P<tag>{_NAMES}?)?(?: +"(?P<title>.*?)")|(?P<tag2>{_NAMES}?)) *$'),
    ),
    ("tab", re.compile(r'^(={3}(?:\+!|!\+|\+|!)?) +"(?P<title>.*)" *$')),
)
ALL_KINDS = frozenset(kind for kind, _ in HEADERS)
_MARKERS = ("!!!", "???", "===")
# Matched on the line without trailing spaces: a lazy title before ` *$` is quadratic in spaces.
_BLOCKS_OPEN = lazy(r"^(?P<fence>/{3,}) *(?P<tag>[\w\-]+)(?: *\| *(?P<title>.*))?$")


def match_header(line: str, kinds: frozenset[str] = ALL_KINDS) -> tuple[str, str, str, str | None] | None:
    """(kind, marker, tag, title) when `line` (indent stripped) opens a pymdown container of `kinds`."""
    if not line or line[0] not in "!?=":
        return None
    for kind, pattern in HEADERS:
        if kind not in kinds:
            continue
        match = pattern.match(line)
        if match:
            tag = match.groupdict().get("tag") or match.groupdict().get("tag2") or ""
            return kind, match.group(1), tag, match.group("title")
    return None


def _indented_container(kinds: frozenset[str], state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    begin = state.bMarks[start_line] + state.tShift[start_line]
    # Every header starts so (match_header's expressions): most lines are ruled out before being copied.
    if not state.src.startswith(_MARKERS, begin) or state.is_code_block(start_line):
        return False
    line = state.src[begin : state.eMarks[start_line]]
    header = match_header(line, kinds)
    if header is None:
        return False
    if silent:
        return True
    kind, marker, tag, title = header
    indent = state.sCount[start_line] + 4
    next_line, last_content = start_line + 1, start_line
    while next_line < end_line:
        if state.isEmpty(next_line) or not state.src[state.bMarks[next_line] : state.eMarks[next_line]].strip():
            next_line += 1
            continue
        if state.sCount[next_line] < indent:
            break
        last_content = next_line
        next_line += 1
    body_end = last_content + 1
    _push_container(state, start_line, body_end, indent, kind, marker, tag, title, line)
    return True


def _push_container(
    state: StateBlock,
    start_line: int,
    body_end: int,
    indent: int,
    kind: str,
    marker: str,
    tag: str,
    title: str | None,
    header: str,
    body_start: int | None = None,
    close_line: int | None = None,
) -> None:
    token = state.push("container_open", "div", 1)
    token.map = [start_line, (close_line if close_line is not None else body_end - 1) + 1]
    token.markup = marker
    token.info = header
    token.meta = {"kind": kind, "tag": tag, "title": title}
    token.block = True
    old_parent, old_indent, old_max = state.parentType, state.blkIndent, state.lineMax
    state.parentType = "container"  # type: ignore[assignment]
    state.blkIndent = indent
    state.lineMax = body_end
    state.md.block.tokenize(state, body_start if body_start is not None else start_line + 1, body_end)
    state.parentType, state.blkIndent, state.lineMax = old_parent, old_indent, old_max
    token = state.push("container_close", "div", -1)
    token.block = True
    state.line = (close_line + 1) if close_line is not None else body_end


def _fenced_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """pymdownx.blocks: `/// type | title` … `///`, content not indented."""
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith("///", begin) or state.is_code_block(start_line):
        return False
    line = state.src[begin : state.eMarks[start_line]]
    match = _BLOCKS_OPEN.match(line.rstrip(" "))
    if match is None:
        return False
    fence = match.group("fence")
    close = start_line + 1
    while close < end_line:
        text = state.src[state.bMarks[close] + state.tShift[close] : state.eMarks[close]].rstrip()
        if text == fence and state.sCount[close] == state.sCount[start_line]:
            break
        close += 1
    if silent:
        return True
    body_start = start_line + 1
    # Options (`    type: warning`) are indented lines right after the header.
    while body_start < close and state.sCount[body_start] > state.sCount[start_line]:
        body_start += 1
    _push_container(
        state,
        start_line,
        close,
        state.sCount[start_line],
        "blocks",
        fence,
        match.group("tag"),
        match.group("title"),
        line,
        body_start=body_start,
        close_line=min(close, end_line - 1),
    )
    return True


def containers_plugin(md: MarkdownIt, dialect: Dialect = DEFAULT) -> None:
    """The containers `dialect` renders: `!!!`, `???`, `===` by extension, `///` with pymdownx.blocks."""
    alt = ["paragraph", "reference", "blockquote", "list"]
    kinds = dialect.container_kinds
    if kinds:
        md.block.ruler.before("fence", "pymdown_containers", partial(_indented_container, kinds), {"alt": alt})
    if dialect.blocks:
        md.block.ruler.before("fence", "pymdown_blocks", _fenced_block, {"alt": alt})
