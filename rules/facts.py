"""The comparison kit of the markup and link rules: facts of aligned blocks, matched one by one.

Rules compare one group of aligned blocks at a time: the blocks pairs connect, so a
paragraph Crowdin joined with its neighbour is compared with both English paragraphs at
once. Each rule turns the blocks of a group into facts (a code span, an icon, an
attribute list), `match_in_order` pairs the equal ones, and `compare_facts` pairs the
rest as changed, missing or extra. Blocks whose links share no address with English are
content pasted from elsewhere, which the alignment rules report: their markup is not
compared. What the page analyses compute once per alignment is declared with `@analysis`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import ClassVar, TypeVar
from urllib.parse import unquote

from linter.align.aligner import Alignment, BlockGroup, Pair, block_groups, own_inline
from linter.align.analysis import analysis, page_analysis
from linter.engine.findings import Fix
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.positions import Span
from linter.parse.source import SourceText
from linter.parse.tree import Image, Link, Node, Page, Section
from linter.patterns import lazy
from linter.records import Value

from .matching import matching_blocks

_MAX_QUOTE = 60
# Enough of a text to quote it: `_MAX_QUOTE` + 1 characters besides whitespace (whitespace runs count one).
_QUOTED_PART = lazy(rf"(?:\s*\S){{{_MAX_QUOTE + 1}}}")

# -- groups of aligned blocks and their source text ---------------------------------------------


def _position(node: Node) -> tuple[int, int]:
    return node.span.start.line, node.span.start.column


def _prose(s: Node, t: Node) -> bool:
    return s.kind != "abbr" and t.kind != "abbr"  # abbreviation definitions are not prose


@analysis
def prose_groups(alignment: Alignment) -> list[BlockGroup]:
    """Blocks with inline content connected by pairs (joined and split pairs included)."""
    return block_groups(alignment, _prose)


_BACKTICKS = lazy(r"(?<!\\)`+")
_BLANK_LINE = lazy(r"\n[ \t]*\n")


def blank_code(text: str) -> str:
    """`text` with each code span (a backtick run closed by one of the same length, never across a
    blank line) overwritten by NULs, offsets kept: markup inside code is not markup."""
    if "`" not in text:
        return text
    runs = list(_BACKTICKS.finditer(text))
    by_width: dict[int, list[int]] = {}
    for number, run in enumerate(runs):
        by_width.setdefault(len(run.group()), []).append(number)
    parts: list[str] = []
    done = index = 0
    while index < len(runs):
        opener = runs[index]
        same = by_width[len(opener.group())]
        position = bisect_right(same, index)
        closer = runs[same[position]] if position < len(same) else None
        if closer is None or _BLANK_LINE.search(text, opener.end(), closer.start()):
            index += 1
            continue
        parts += [text[done : opener.start()], "\x00" * (closer.end() - opener.start())]
        done, index = closer.end(), same[position] + 1
    return "".join(parts) + text[done:] if parts else text


class Raw(Value):
    """A node's own source lines, code spans blanked out (offsets kept), and their place in the page."""

    text: str
    base: int  # offset of text[0] in the page
    src: SourceText

    __slots__ = ("text", "base", "src")

    def __init__(self, text: str, base: int, src: SourceText) -> None:
        self.text = text
        self.base = base
        self.src = src

    def span(self, start: int, end: int) -> Span:
        return Span(self.src.pos(self.base + start), self.src.pos(self.base + end))


def own_span(node: Node) -> Span:
    if isinstance(node, Section) and node.heading_span is not None:
        return node.heading_span
    return node.span


def source_lines(page: Page, node: Node) -> tuple[str, int]:
    span = own_span(node)
    lines = page.source.lines[span.start.line - 1 : span.end.line]
    return "\n".join(lines), page.source.offset(span.start.line)


class Side(Value):
    """One page of a pair: its text with code spans blanked, and the grouped blocks by offset."""

    src: SourceText
    text: str
    starts: list[int]
    ends: list[int]
    nodes: list[Node]
    english: Page | None  # the English page, whose matches are found once for all its languages
    scans: dict[re.Pattern[str], dict[Node, list[re.Match[str]]]]

    __slots__ = ("src", "text", "starts", "ends", "nodes", "english", "scans")

    def __init__(
        self,
        src: SourceText,
        text: str,
        starts: list[int],
        ends: list[int],
        nodes: list[Node],
        english: Page | None = None,
        scans: dict[re.Pattern[str], dict[Node, list[re.Match[str]]]] | None = None,
    ) -> None:
        self.src = src
        self.text = text
        self.starts = starts
        self.ends = ends
        self.nodes = nodes
        self.english = english
        self.scans = {} if scans is None else scans

    def span(self, start: int, end: int) -> Span:
        return Span(self.src.pos(start), self.src.pos(end))

    def end_of(self, node: Node) -> int:
        return self.ends[bisect_right(self.starts, _offset_of(self.src, node)) - 1]

    def node_at(self, offset: int) -> Node | None:
        index = bisect_right(self.starts, offset) - 1
        return self.nodes[index] if index >= 0 and offset < self.ends[index] else None

    def scan(self, pattern: re.Pattern[str]) -> dict[Node, list[re.Match[str]]]:
        """Matches of `pattern` in the grouped blocks, by block: one pass over the page."""
        found = self.scans.get(pattern)
        if found is None:
            found = self.scans[pattern] = {}
            matches = _matches(self.english, pattern) if self.english is not None else pattern.finditer(self.text)
            for match in matches:
                node = self.node_at(match.start())
                if node is not None:
                    found.setdefault(node, []).append(match)
        return found


def _offset_of(src: SourceText, node: Node) -> int:
    return src.offset(own_span(node).start.line)


@page_analysis
def _code_blanked(page: Page) -> str:
    """The page's text with its code spans blanked (`blank_code`)."""
    return blank_code(page.source.text)


@page_analysis
def _matches(page: Page, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """The matches of `pattern` in the page's text, code spans blanked."""
    return list(pattern.finditer(_code_blanked(page)))


@analysis
def page_side(alignment: Alignment, english: bool) -> Side:
    """One page of the pair (English or translation) as the markup rules scan it."""
    page = alignment.source if english else alignment.target
    src = page.source
    spans = sorted(
        ((span.start.line, span.end.line), id(node), node)
        for group in prose_groups(alignment)
        for node in (group.english if english else group.translation)
        if (span := own_span(node))
    )
    nodes = [node for _, _, node in spans]
    starts = [src.offset(first) for (first, _), _, _ in spans]
    ends = [src.offset(last) + len(src.lines[last - 1]) for (_, last), _, _ in spans]
    if english:  # its text and matches are the same for every language
        return Side(src, _code_blanked(page), starts, ends, nodes, page)
    return Side(src, blank_code(src.text), starts, ends, nodes)


def raw_lines(alignment: Alignment, node: Node, english: bool) -> Raw:
    side = page_side(alignment, english)
    span = own_span(node)
    start = side.src.offset(span.start.line)
    end = side.src.offset(span.end.line) + len(side.src.lines[span.end.line - 1])
    return Raw(side.text[start:end], start, side.src)


def quote(text: str, limit: int = _MAX_QUOTE) -> str:
    """`text` on one line, cut to `limit` characters for a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote_part(text: str, start: int, end: int) -> str:
    """`quote(text[start:end])`, reading and copying no more of `text` than the quote can show: quoting
    many places of one long text is linear."""
    part = _QUOTED_PART.match(text, start, end)
    return quote(text[start : part.end() if part else end])


T = TypeVar("T")


def match_in_order(
    english: Sequence[T], translation: Sequence[T], key: Callable[[T], object]
) -> tuple[list[tuple[T, T]], list[T], list[T]]:
    """Equal items paired, and what each side has that the other lacks, each in document order.

    Items are matched in order first (so of three equal English items the one in the
    translation's gap is the unmatched one), then regardless of order (moved items).
    """
    keys_e, keys_t = [key(item) for item in english], [key(item) for item in translation]
    if keys_e == keys_t:  # the common case: nothing changed
        return list(zip(english, translation, strict=True)), [], []
    pairs = {j + offset: i + offset for i, j, size in matching_blocks(keys_e, keys_t) for offset in range(size)}
    rest_t: dict[object, deque[int]] = {}
    for index, k in enumerate(keys_t):
        if index not in pairs:
            rest_t.setdefault(k, deque()).append(index)
    matched_e = set(pairs.values())
    lost = []
    for index, k in enumerate(keys_e):
        if index in matched_e:
            continue
        if rest_t.get(k):
            pairs[rest_t[k].popleft()] = index
        else:
            lost.append(english[index])
    same = [(english[pairs[index]], translation[index]) for index in sorted(pairs)]
    return same, lost, [item for index, item in enumerate(translation) if index not in pairs]


class Fact(Value):
    """One piece of markup found in a block: its comparable form, how it is written, where."""

    key: object
    shown: str
    node: Node
    at: Span | tuple[SourceText, int, int]  # a span, or offsets in a page (converted when reported)
    anchor: str  # the URL of the link it belongs to: dropped with its link, it is links.py's
    place: str  # for attribute lists: what attr_list attaches it to, "inline", "block" or "text"

    __slots__ = ("key", "shown", "node", "at", "anchor", "place")

    def __init__(
        self,
        key: object,
        shown: str,
        node: Node,
        at: Span | tuple[SourceText, int, int],
        anchor: str = "",
        place: str = "",
    ) -> None:
        self.key = key
        self.shown = shown
        self.node = node
        self.at = at
        self.anchor = anchor
        self.place = place

    @property
    def span(self) -> Span:
        if isinstance(self.at, Span):
            return self.at
        src, start, end = self.at
        return Span(src.pos(start), src.pos(end))


class Diff(Value):
    """Facts of a block and its counterpart compared: the same, changed, missing and extra."""

    same: list[tuple[Fact, Fact]]  # English, translation
    changed: list[tuple[Fact, Fact]]
    missing: list[tuple[Fact, Node]]  # English, translated block
    extra: list[Fact]

    __slots__ = ("same", "changed", "missing", "extra")

    def __init__(
        self,
        same: list[tuple[Fact, Fact]] | None = None,
        changed: list[tuple[Fact, Fact]] | None = None,
        missing: list[tuple[Fact, Node]] | None = None,
        extra: list[Fact] | None = None,
    ) -> None:
        self.same = [] if same is None else same
        self.changed = [] if changed is None else changed
        self.missing = [] if missing is None else missing
        self.extra = [] if extra is None else extra


def compare_facts(
    english: Sequence[Fact], translation: Sequence[Fact], first: Node, kept: Callable[[Fact], bool] | None = None
) -> Diff:
    """Unmatched facts of a group, paired in document order as changed; the rest missing or extra.

    `kept` tells whether an English fact's element is still in the translation; facts
    of a dropped element are not reported.
    """
    if not english and not translation:
        return Diff()
    # Facts of the same link first, so equal lists of different card links are told apart.
    same, lost, added = match_in_order(english, translation, lambda fact: (fact.key, fact.anchor))
    moved, lost, added = match_in_order(lost, added, lambda fact: fact.key)
    if kept is not None:
        lost = [fact for fact in lost if kept(fact)]
    out = Diff(same=same + moved)
    by_anchor = {fact.anchor: fact for fact in reversed(added) if fact.anchor}
    for fact in lost:
        partner = by_anchor.pop(fact.anchor, None) if fact.anchor else None
        if partner is not None:
            out.changed.append((fact, partner))
    paired = {id(new) for _, new in out.changed} | {id(old) for old, _ in out.changed}
    rest_lost = [fact for fact in lost if id(fact) not in paired]
    rest_added = [fact for fact in added if id(fact) not in paired]
    for index, fact in enumerate(rest_lost):
        if index < len(rest_added):
            out.changed.append((fact, rest_added[index]))
        else:
            out.missing.append((fact, first))
    out.extra = rest_added[len(rest_lost) :]
    return out


def link_kept(alignment: Alignment, group: BlockGroup) -> Callable[[Fact], bool]:
    """Whether the link an English fact belongs to is still written in the translated blocks."""

    def kept(fact: Fact) -> bool:
        if not fact.anchor:
            return True
        written = (fact.anchor, unquote(fact.anchor))
        return any(url in raw_lines(alignment, node, False).text for node in group.translation for url in written)

    return kept


@analysis
def _group_index(alignment: Alignment) -> dict[Node, BlockGroup]:
    return {node: group for group in prose_groups(alignment) for node in group.english + group.translation}


def link_span(group: BlockGroup, url: str) -> Span | None:
    """Where the translation has the link to `url`, if it has one."""
    for node in group.translation:
        inline = own_inline(node)
        for link in inline.links if url and inline is not None else ():
            if link.url == url:
                return link.span
    return None


def groups_of(alignment: Alignment, nodes: Iterable[Node]) -> list[BlockGroup]:
    """The groups holding any of `nodes`, in document order: rules skip the rest of the page."""
    index, foreign = _group_index(alignment), _foreign(alignment)
    found = {id(group): group for node in nodes if (group := index.get(node)) is not None}
    return sorted((g for g in found.values() if id(g) not in foreign), key=lambda g: _position(g.translation[0]))


def group_of(alignment: Alignment, node: Node) -> BlockGroup:
    found = groups_of(alignment, [node])
    return found[0] if found else BlockGroup([], [node])


@analysis
def _foreign(alignment: Alignment) -> frozenset[int]:
    """The groups (by id) whose translated blocks link to none of the addresses their English blocks link
    to: content pasted from elsewhere. That is the alignment rules' finding; comparing its markup would
    repeat it. Worked out once a page: asked for each group a rule looks at, a paragraph of 16,000 links
    read them all thousands of times (24 s)."""
    return frozenset(
        id(group)
        for group in prose_groups(alignment)
        if len(english := _urls(group.english)) > 1 and not english & _urls(group.translation)
    )


def _urls(nodes: Iterable[Node]) -> set[str]:
    inlines = (inline for node in nodes if (inline := own_inline(node)) is not None)
    return {link.url.rstrip("/") for inline in inlines for link in inline.links}


def having(alignment: Alignment, fact: str) -> list[BlockGroup]:
    """Groups where a block on either side has some of an inline `fact` ("code", "icons")."""
    foreign = _foreign(alignment)
    return [
        group
        for group in prose_groups(alignment)
        if any((inline := own_inline(node)) is not None and getattr(inline, fact) for node in group.english)
        or any((inline := own_inline(node)) is not None and getattr(inline, fact) for node in group.translation)
        if id(group) not in foreign
    ]


# The family (Rule.family) of the rules that read the pages as `page_side` scans them: one process works it out.
MARKUP = "markup"


def scanned(alignment: Alignment, pattern: re.Pattern[str]) -> list[Node]:
    """Grouped blocks of both pages where `pattern` matches."""
    return [node for english in (True, False) for node in page_side(alignment, english).scan(pattern)]


class BlockGroupRule(Rule):
    """Runs once per page over the groups of aligned blocks that hold what the rule compares."""

    kinds = ("page",)
    family = MARKUP
    # Markup whose blocks hold what the rule compares; a rule that finds its groups otherwise overrides `groups`.
    scan: ClassVar[re.Pattern[str] | None] = None

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        for group in self.groups(ctx.alignment):
            yield from self.check_group(group, ctx)

    def groups(self, alignment: Alignment) -> list[BlockGroup]:
        if self.scan is None:
            raise NotImplementedError
        return groups_of(alignment, scanned(alignment, self.scan))

    def check_group(self, group: BlockGroup, ctx: RuleContext) -> Iterator[Report]:
        raise NotImplementedError


def fact_report(message: str, fact: Fact | None, node: Node, english: Fact | Node, span: Span | None = None) -> Report:
    source = english.node if isinstance(english, Fact) else english
    source_span = english.span if isinstance(english, Fact) else None
    return Report(
        message, node=node, span=span or (fact.span if fact else None), source=source, source_span=source_span
    )


def diff_reports(
    diff: Diff,
    group: BlockGroup,
    what: str,
    missing_at: Callable[[Fact], Span | None] = lambda fact: None,
    fix: Callable[[Fact, Fact | None], Fix | None] = lambda english, translated: None,
) -> Iterator[Report]:
    """The findings of a fact-by-fact comparison: changed, missing and extra facts of one kind.

    `fix` gives the repair of a changed (English, translated) or missing (English, None) fact.
    """
    for old, new in diff.changed:
        report = fact_report(f'{what} "{new.shown}" where English has "{old.shown}"', new, new.node, old)
        yield replace(report, fix=fix(old, new))
    for old, node in diff.missing:
        report = fact_report(f'{what} "{old.shown}" is missing', None, node, old, missing_at(old))
        yield replace(report, fix=fix(old, None))
    for new in diff.extra:
        english = sum(old.key == new.key for old, _ in diff.same)
        if english:  # English has it, fewer times: "not in English" would send the reader looking for nothing
            written = english + sum(other.key == new.key for other in diff.extra)
            message = f'{what} "{new.shown}" is here {written} times, English has it {_times(english)}'
        else:
            message = f'{what} "{new.shown}" is not in English'
        yield fact_report(message, new, new.node, group.english[0])


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


# -- where markup writes an address ------------------------------------------------------------


def url_in_markup(src: SourceText, item: Link | Image) -> tuple[Span, str] | None:
    """Where the address of an inline `[text](url "title")` or `![alt](src)` is written, and how.

    None for a reference link or an address in `<…>` (whose brackets a fix would have to keep).
    """
    span = item.span
    begin = src.offset(span.start.line, span.start.column)
    stop = src.offset(span.end.line, span.end.column)
    raw = src.text[begin:stop]
    cut = raw.find("](") if isinstance(item, Image) else raw.rfind("](")
    if cut < 0:
        return None
    line_end = src.text.find("\n", stop)
    raw = src.text[begin : line_end if line_end >= 0 else len(src.text)]  # the span may end before ")"
    start = end = cut + 2
    depth = 0
    while end < len(raw) and depth >= 0:
        depth += {"(": 1, ")": -1}.get(raw[end], 0)
        end += depth >= 0
    inner = raw[start:end]
    if depth >= 0 or inner.strip().startswith("<"):
        return None
    if any(quote in inner for quote in "\"'"):  # a title follows the address
        end = start + len(inner) - len(inner.lstrip())
        start = end
        while end < len(raw) and not raw[end].isspace() and raw[end] != ")":
            end += 1
    if end == start:
        return None
    return Span(src.pos(begin + start), src.pos(begin + end)), raw[start:end]
