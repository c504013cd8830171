"""Where each catalog entry's msgid sits in the English page, and the translated page rebuilt from it.

Converters do not copy a segment verbatim: mdpo re-renders markup (`_em_` becomes
`*em*`, code spans are trimmed, lines are joined), Translate Toolkit replaces link
targets, autolinks and inline HTML by numbered placeholders (`[text]{1}`) and decodes
entities, and both strip list markers, heading hashes and the container prefixes of
continuation lines. So an English block and a msgid are matched on a loose key (their
letters and digits, without link targets, tags and placeholders), in document order,
which is how `po2md` itself walks the page. The rebuilt page is the English page
with every located segment replaced by its msgstr, as `po2md` would write it, and
remembers which entry produced each run of text.
"""

from __future__ import annotations

import bisect
import dataclasses
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from linter.parse.source import SourceText
from linter.parse.tree import Admonition, Block, Node, Page, Section
from linter.patterns import lazy
from linter.po.catalog import TRANSLATED, Entry
from linter.po.mapped import Mapped

# Translate Toolkit's placeholders: `]{1}` stands for a link's target, `{2}` for an autolink or a tag.
PLACEHOLDER = lazy(r"(\])?\{(\d+)\}")
_TOKEN = lazy(r"(\])?\{(\d+)\}|\n")
_LINK_TARGET = lazy(r"\]\((?:[^()\s]|\([^()]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)|\]\[[^\]\n]*\]")
_TAG = lazy(r"</?[A-Za-z][^<>\n]*>|<[a-z][a-z0-9+.-]*:[^<>\s]*>", re.I)
_NOT_KEY = lazy(r"[\W_]+")
_LIST_MARKER = lazy(r"(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)")
_TASK_BOX = lazy(r"\[[ xX]\][ \t]+")
_LEAD = lazy(r"[ \t>]*")
_ATX = lazy(r"^[ \t]*#{1,6}(?:[ \t]+|$)")
_LEADING_TAGS = lazy(r"(?:<[^<>\n]*>\s*)+")
_TRAILING_TAGS = lazy(r"(?:>[^<>\n]*<\s*)+")  # matched on the reversed text: anchored, so one pass
_DEFINITION = lazy(r":[ \t]+")
_CELL = lazy(r"(?:\\.|`[^`\n]*`|[^|\\`])+|`")
_INDENTED_BODY = ("!!!", "???", "???+")
_TARGET = r"\((?:[^()]|\([^()]*\))*\)|\[[^\]]*\]"
# Spacing between two words of a segment; a line break may be followed by indentation and `>`.
_SPACE = r"(?:[ \t]*(?:\n[ \t>]*)+|[ \t]+)"


def loose_key(text: str) -> str:
    """What survives every converter's rewriting: letters and digits of the visible text."""
    text = _TAG.sub("", _LINK_TARGET.sub("]", html.unescape(text)))
    return _NOT_KEY.sub("", PLACEHOLDER.sub(" ", text)).casefold()


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of English text a converter makes one msgid of."""

    start: int  # offsets into the English page's text
    end: int
    keys: tuple[str, ...]  # loose keys it answers to (with and without a task box)
    prefix: str  # what each continuation line of a replacement starts with
    kind: str  # "text", "heading", "cell", "front matter" or "code": what a msgid needs around it to parse as before
    inner: tuple[int, int]  # without tags around the whole, which Translate Toolkit leaves out
    info: str = ""  # a fenced code block's info string (its language decides what may be translated)

    def bounds(self, msgid: str) -> tuple[int, int]:
        """The stretch a msgid stands for: the tags around the segment only if the msgid has them."""
        return (self.start, self.end) if msgid.startswith("<") else self.inner


def english_segments(page: Page) -> list[Segment]:
    """Every segment of the page, outer before inner (an admonition body before its paragraphs)."""
    src = page.source
    found: list[Segment] = []
    if page.front_matter is not None:
        span = page.front_matter.span
        if span.end.line - span.start.line >= 2:
            start, end = src.offset(span.start.line + 1), src.offset(span.end.line) - 1
            found.append(_segment(src, start, end, "", "front matter"))
    for node in page.root.walk():
        found.extend(_node_segments(src, node))
    return sorted((s for s in found if s.keys), key=lambda s: (s.start, -s.end))


def _node_segments(src: SourceText, node: Node) -> Iterable[Segment]:
    if isinstance(node, Section) and node.heading_span is not None:
        yield from _heading(src, node.heading_span.start.line, node.heading_span.end.line)
    elif isinstance(node, Admonition) or node.kind == "tab":
        if node.kind == "tab" or (isinstance(node, Admonition) and node.syntax in (*_INDENTED_BODY, "///")):
            yield _line_segment(src, node.span.start.line)
        if node.children and (node.kind == "tab" or getattr(node, "syntax", "") in _INDENTED_BODY):
            yield _body(src, node)
    elif isinstance(node, Block):
        if node.kind == "heading":
            yield from _heading(src, node.span.start.line, node.span.end.line)
        elif node.kind in ("paragraph", "snippet", "abbr", "deflist"):
            yield _paragraph(src, node)
            if node.kind == "deflist":
                yield from _definitions(src, node)
        elif node.kind == "footnotes":
            yield from _footnote_runs(src, node)
        elif node.kind == "table":
            yield from _cells(src, node)
        elif node.kind == "code":
            yield _code(src, node)


def _trim_tags(text: str) -> str:
    """`text` without the HTML tags at its start and end."""
    leading = _LEADING_TAGS.match(text)
    text = text[leading.end() :] if leading else text
    body, newline = (text[:-1], "\n") if text.endswith("\n") else (text, "")  # as `$` reads a final newline
    trailing = _TRAILING_TAGS.match(body[::-1])
    return body[: len(body) - trailing.end()] + newline if trailing else text


def _segment(src: SourceText, start: int, end: int, prefix: str, kind: str = "text") -> Segment:
    text = src.text[start:end]
    inner = (start, end)
    if text.startswith("<") or text.endswith(">"):
        trimmed = _trim_tags(text)
        if trimmed.strip():
            begin = start + text.find(trimmed)
            inner = (begin, begin + len(trimmed))
    key = loose_key(text)
    keys = (key,)
    unboxed = _TASK_BOX.match(text)
    if unboxed:  # mdpo drops a task list's box, Translate Toolkit keeps it
        keys = (key, loose_key(text[unboxed.end() :]))
    return Segment(start, end, tuple(k for k in keys if k), prefix, kind, inner)


def _line_bounds(src: SourceText, first: int, last: int) -> tuple[int, int]:
    """Offsets of the start of line `first` and the end of line `last` (1-based, inclusive)."""
    last = min(last, len(src.lines))
    return src.offset(first), src.offset(last) + len(src.lines[last - 1])


def _continuation_prefix(line: str, content: int) -> str:
    """Blockquote markers kept, everything else up to the content column turned into spaces."""
    return re.sub(r"[^ \t>]", " ", line[:content])


def _line_segment(src: SourceText, line: int) -> Segment:
    text = src.lines[line - 1]
    content = len(text) - len(text.lstrip())
    start = src.offset(line) + content
    return _segment(src, start, start + len(text.rstrip()) - content, "")


def _atx_text_end(line: str) -> int:
    """Where an ATX heading's text ends: before its closing `#`s (in code: a regex is quadratic in spaces)."""
    text = line.rstrip(" \t")
    bare = text.rstrip("#")
    return len(bare.rstrip(" \t")) if bare != text and bare.endswith((" ", "\t")) else len(line.rstrip())


def _heading(src: SourceText, first: int, last: int) -> Iterable[Segment]:
    line = src.lines[first - 1]
    atx = _ATX.match(line)
    if atx:
        start = src.offset(first) + atx.end()
        yield _segment(src, start, src.offset(first) + _atx_text_end(line), "", "heading")
    elif last > first:  # setext: the text lines, not the underline
        begin, end = _line_bounds(src, first, last - 1)
        lead = len(line) - len(line.lstrip())
        yield _segment(src, begin + lead, end, " " * lead, "heading")


def _paragraph(src: SourceText, node: Node) -> Segment:
    first_line = src.lines[node.span.start.line - 1]
    content = _LEAD.match(first_line).end()  # type: ignore[union-attr]
    parent = node.parent
    if parent is not None and parent.kind == "item" and parent.children and parent.children[0] is node:
        marker = _LIST_MARKER.match(first_line, content)
        if marker:
            content = marker.end()
    begin, end = _line_bounds(src, node.span.start.line, node.span.end.line)
    text = src.text[begin:end]
    end = begin + len(text.rstrip())
    return _segment(src, begin + content, end, _continuation_prefix(first_line, content))


def _definitions(src: SourceText, node: Node) -> Iterable[Segment]:
    """A definition list's terms and definitions: separate msgids to Translate Toolkit (mdpo joins them)."""
    first, last = node.span.start.line, min(node.span.end.line, len(src.lines))
    items: list[list[int]] = []
    for number in range(first, last + 1):
        line = src.lines[number - 1]
        stripped = line.lstrip()
        if not stripped:
            continue
        if stripped.startswith(":") or not items or len(line) - len(stripped) == 0:
            items.append([number, number])
        else:  # an indented continuation of the definition above
            items[-1][1] = number
    for begin_line, end_line in items:
        line = src.lines[begin_line - 1]
        lead = len(line) - len(line.lstrip())
        begin, end = _line_bounds(src, begin_line, end_line)
        content = _DEFINITION.match(line, lead)
        prefix = " " * (content.end() - content.start() + lead) if content else ""
        yield _segment(src, begin + lead, begin + len(src.text[begin:end].rstrip()), prefix)


def _footnote_runs(src: SourceText, node: Node) -> Iterable[Segment]:
    """Footnote definitions on consecutive lines: one paragraph, so one msgid, to a CommonMark converter."""
    run: list[Node] = []
    for footnote in [*node.children, None]:
        if footnote is not None and run and footnote.span.start.line == run[-1].span.end.line + 1:
            run.append(footnote)
            continue
        if len(run) > 1:
            begin, end = _line_bounds(src, run[0].span.start.line, run[-1].span.end.line)
            yield _segment(src, begin, begin + len(src.text[begin:end].rstrip()), "    ")
        run = [footnote] if footnote is not None else []


def _cells(src: SourceText, node: Node) -> Iterable[Segment]:
    for number in range(node.span.start.line, node.span.end.line + 1):
        if number > len(src.lines):
            break
        line = src.lines[number - 1]
        if not line.strip() or set(line.strip()) <= set("|-: \t"):
            continue  # the delimiter row
        base = src.offset(number)
        for cell in _CELL.finditer(line):
            text = cell.group(0)
            if text.strip():
                lead = len(text) - len(text.lstrip())
                yield _segment(src, base + cell.start() + lead, base + cell.start() + len(text.rstrip()), "", "cell")


def _code(src: SourceText, node: Block) -> Segment:
    first, last = node.span.start.line, node.span.end.line
    opening = src.lines[first - 1].lstrip()
    if opening.startswith(("```", "~~~")):
        first, last = first + 1, last - 1
    if last < first:
        return Segment(0, 0, (), "", "code", (0, 0))
    line = src.lines[first - 1]
    lead = len(line) - len(line.lstrip())
    begin, end = _line_bounds(src, first, last)
    segment = _segment(src, begin + lead, begin + len(src.text[begin:end].rstrip()), " " * lead, "code")
    return dataclasses.replace(segment, info=node.info)


def _body(src: SourceText, node: Node) -> Segment:
    """An indented container's content: a code block to a CommonMark converter, one msgid."""
    first = node.children[0].span.start.line
    line = src.lines[first - 1]
    lead = len(line) - len(line.lstrip())
    begin, end = _line_bounds(src, first, node.span.end.line)
    return _segment(src, begin + lead, begin + len(src.text[begin:end].rstrip()), " " * lead)


def placeholder_values(msgid: str, english: str) -> dict[str, str] | None:
    """What each `{n}` of a msgid stands for in its English segment; None when they do not line up."""
    parts = PLACEHOLDER.split(msgid)  # text, "]" or None, number, text, …
    if len(parts) == 1:
        return {}
    pattern: list[str] = []
    named: set[str] = set()
    for index in range(0, len(parts), 3):
        pattern.append(_literal(parts[index]))
        if index + 2 < len(parts):
            bracket, number = parts[index + 1], parts[index + 2]
            pattern.append(r"\]" if bracket else "")
            value = _TARGET if bracket else ".*?"  # a link's `(url "title")` or `[ref]`; a tag or autolink
            pattern.append(f"(?P=p{number})" if number in named else f"(?P<p{number}>{value})")
            named.add(number)
    match = re.fullmatch("".join(pattern), english, re.S)
    if match is None:
        return None
    return {name[1:]: value for name, value in match.groupdict().items()}


def _literal(text: str) -> str:
    """A msgid's text as a pattern that allows any spacing, line breaks and line prefixes between words."""
    words = text.split()
    if not words:
        return _SPACE + "?"
    body = _SPACE.join(re.escape(word) for word in words)
    before = _SPACE + "?" if text[0].isspace() else ""
    after = _SPACE + "?" if text[-1].isspace() else ""
    return before + body + after


def link_placeholders(msgid: str) -> dict[str, str]:
    """Without the English page, a link placeholder stands for the target `({n})`: still a link, still numbered."""
    return {match.group(2): f"({{{match.group(2)}}})" for match in PLACEHOLDER.finditer(msgid) if match.group(1)}


def wrapping(segment: Segment, msgid: str) -> tuple[str, str]:
    """What a msgid taken out of this segment needs around it to parse as it did in the page."""
    if segment.kind == "code":
        return f"~~~~~~~~ {segment.info}\n", "\n~~~~~~~~\n"
    if segment.kind == "front matter" and not msgid.startswith("---"):  # mdpo leaves the lines out
        return "---\n", "\n---\n"
    if "\n" in msgid:
        return "", ""
    if segment.kind == "heading":
        return "# ", "\n"
    if segment.kind == "cell":
        return "| ", " |\n| --- |\n"
    return "", ""


def expand(text: str, values: Mapping[str, str] | None, prefix: str = "", wrap: tuple[str, str] = ("", "")) -> Mapped:
    """A msgid or msgstr as Markdown: placeholders filled in, continuation lines given their prefix.

    A link placeholder without a value becomes the target `({n})`, so the link still
    parses. `wrap` goes around the whole (a code block's fence, front matter's `---` lines).
    """
    out = Mapped()
    out.insert(wrap[0], 0)
    position = 0
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        out.copy(text, position, start)
        position = end
        if match.group(0) == "\n":
            out.copy(text, start, end)
            out.insert(prefix, end)
            continue
        bracket = 1 if match.group(1) else 0
        out.copy(text, start, start + bracket)
        value = values.get(match.group(2)) if values else None
        if value is not None:
            out.insert(value, start + bracket)
        elif bracket:
            out.insert("(", start + bracket)
            out.copy(text, start + bracket, end)
            out.insert(")", end)
        else:
            out.copy(text, start, end)
    out.copy(text, position, len(text))
    out.insert(wrap[1], len(text))
    return out


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an entry's msgid was found, and what its placeholders stand for there."""

    segment: Segment
    start: int  # the stretch of English text the msgid stands for
    end: int
    values: dict[str, str] | None


def place(entries: Iterable[Entry], segments: list[Segment], text: str) -> dict[Entry, list[Placement]]:
    """Each entry's occurrences in the English page, walking the page in order as po2md does."""
    by_key: dict[str, list[Entry]] = {}
    for entry in entries:
        key = loose_key(entry.msgid)
        if key:
            by_key.setdefault(key, []).append(entry)
    seen: dict[str, int] = {}
    placed: dict[Entry, list[Placement]] = {}
    covered = -1
    for segment in segments:
        if segment.start < covered:
            continue  # inside a segment already placed (a paragraph of an admonition body)
        key = next((k for k in segment.keys if k in by_key), None)
        if key is None:
            continue
        candidates = by_key[key]
        index = seen.get(key, 0)
        seen[key] = index + 1
        entry = candidates[min(index, len(candidates) - 1)]  # mdpo merges repeats into one entry
        start, end = segment.bounds(entry.msgid)
        values = placeholder_values(entry.msgid, text[start:end])
        placed.setdefault(entry, []).append(Placement(segment, start, end, values))
        covered = segment.end
    return placed


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of the rebuilt page that an entry's msgstr produced."""

    start: int
    end: int
    entry: Entry
    mapped: Mapped  # the stretch's text, mapping back into the msgstr


@dataclass
class Rebuilt:
    """A translated page rebuilt from a catalog's entries, with the entry behind each stretch of it."""

    source: SourceText
    runs: list[Run]

    def entry_at(self, start: int, end: int) -> tuple[Entry, int] | None:
        """The entry and msgstr offset behind a span of the rebuilt page.

        A span that begins in English text (a heading's `## `, an admonition header the
        converter left out) belongs to the first translated run on its line or inside it,
        else to the run just before it.
        """
        if not self.runs:
            return None
        starts = [run.start for run in self.runs]
        index = bisect.bisect_right(starts, start) - 1
        if index >= 0 and start < self.runs[index].end:
            run = self.runs[index]
            return run.entry, run.mapped.original(start - run.start)
        line_end = self.source.text.find("\n", start)
        limit = max(end, line_end if line_end >= 0 else len(self.source.text))
        following = index + 1
        if following < len(self.runs) and self.runs[following].start < limit:
            return self.runs[following].entry, 0
        if index >= 0:
            run = self.runs[index]
            return run.entry, run.mapped.original(run.end - run.start)
        return self.runs[0].entry, 0


def rebuild(english: Page, placed: Mapping[Entry, list[Placement]], path: str) -> Rebuilt:
    """The English page with every placed, translated entry's msgstr in its segments."""
    text = english.source.text
    jobs = sorted(
        (
            (placement, entry)
            for entry, placements in placed.items()
            if entry.state == TRANSLATED
            for placement in placements
            if placement.values is not None
        ),
        key=lambda job: job[0].start,
    )
    parts: list[str] = []
    runs: list[tuple[int, int, Entry, Mapped]] = []
    position = length = 0
    for placement, entry in jobs:
        parts.append(text[position : placement.start])
        length += placement.start - position
        msgstr = entry.msgstr
        if placement.segment.kind == "front matter":
            msgstr = msgstr.strip("\n").removeprefix("---\n").removesuffix("\n---")
        mapped = expand(msgstr, placement.values, placement.segment.prefix)
        parts.append(mapped.text)
        runs.append((length, length + len(mapped.text), entry, mapped))
        length += len(mapped.text)
        position = placement.end
    parts.append(text[position:])
    source = SourceText(path, "".join(parts))
    return Rebuilt(source, [Run(*run) for run in runs])
