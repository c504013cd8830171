"""TM550-TM579: inline markup survives translation.

Emphasis, code spans and code blocks, icon shortcodes, attribute lists, footnotes,
snippet includes and HTML tags. Most rules compare one group of aligned blocks at a
time: the blocks pairs connect, so a paragraph Crowdin joined with its neighbour is
compared with both English paragraphs at once. Only what the English block does not
have is reported. Links and images are rules/links.py's (image attribute lists too),
and blocks whose links share no address with English are content pasted from
elsewhere, which the alignment rules report: their markup is not compared.

"Broken" is what Python-Markdown with the site's extensions renders as text (see
docs/renderer.md): `** x **`, `**Sinal***` and escaped `\\*\\*` show asterisks there,
CJK text right beside `**` does not (unlike CommonMark).
"""

from __future__ import annotations

import re
import textwrap
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from html.parser import HTMLParser
from typing import TypeVar
from urllib.parse import unquote

from linter.align.aligner import Alignment, BlockGroup, Pair, block_groups, own_inline
from linter.engine.findings import Severity
from linter.engine.rule import Option, Report, Rule, RuleContext
from linter.parse.positions import Pos, Span
from linter.parse.renderer import PROSE_CONFIGS, PROSE_EXTENSIONS
from linter.parse.source import SourceText
from linter.parse.tree import Block, Node, Page, Section

_MAX_QUOTE = 60

# -- groups of aligned blocks and their source text ---------------------------------------------


def _position(node: Node) -> tuple[int, int]:
    return node.span.start.line, node.span.start.column


def _prose(s: Node, t: Node) -> bool:
    return s.kind != "abbr" and t.kind != "abbr"  # abbreviation definitions are not prose


def _groups(alignment: Alignment) -> list[BlockGroup]:
    """Blocks with inline content connected by pairs (joined and split pairs included), cached."""
    found = alignment.cache.get(_groups)
    if found is None:
        found = alignment.cache[_groups] = block_groups(alignment, _prose)
    return found


_BACKTICKS = re.compile(r"(?<!\\)`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _blank_code(text: str) -> str:
    """`text` with each code span (a backtick run closed by one of the same length, never across a
    blank line) overwritten by NULs, offsets kept: markup inside code is not markup."""
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


@dataclass(frozen=True)
class _Raw:
    """A node's own source lines, code spans blanked out (offsets kept), and their place in the page."""

    text: str
    base: int  # offset of text[0] in the page
    src: SourceText

    def span(self, start: int, end: int) -> Span:
        return Span(self.src.pos(self.base + start), self.src.pos(self.base + end))


def _own_span(node: Node) -> Span:
    if isinstance(node, Section) and node.heading_span is not None:
        return node.heading_span
    return node.span


def _source_lines(page: Page, node: Node) -> tuple[str, int]:
    span = _own_span(node)
    lines = page.source.lines[span.start.line - 1 : span.end.line]
    return "\n".join(lines), page.source.offset(span.start.line)


@dataclass
class _Side:
    """One page of a pair: its text with code spans blanked, and the grouped blocks by offset."""

    src: SourceText
    text: str
    starts: list[int]
    ends: list[int]
    nodes: list[Node]
    scans: dict[re.Pattern[str], dict[Node, list[re.Match[str]]]] = field(default_factory=dict)

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
            for match in pattern.finditer(self.text):
                node = self.node_at(match.start())
                if node is not None:
                    found.setdefault(node, []).append(match)
        return found


def _offset_of(src: SourceText, node: Node) -> int:
    return src.offset(_own_span(node).start.line)


def _side(alignment: Alignment, english: bool) -> _Side:
    key = (_side, english)
    found = alignment.cache.get(key)
    if found is None:
        page = alignment.source if english else alignment.target
        src = page.source
        spans = sorted(
            ((span.start.line, span.end.line), id(node), node)
            for group in _groups(alignment)
            for node in (group.english if english else group.translation)
            if (span := _own_span(node))
        )
        nodes = [node for _, _, node in spans]
        starts = [src.offset(first) for (first, _), _, _ in spans]
        ends = [src.offset(last) + len(src.lines[last - 1]) for (_, last), _, _ in spans]
        text = _blank_code(src.text) if "`" in src.text else src.text
        found = alignment.cache[key] = _Side(src, text, starts, ends, nodes)
    return found


def _raw(alignment: Alignment, node: Node, english: bool) -> _Raw:
    side = _side(alignment, english)
    span = _own_span(node)
    start = side.src.offset(span.start.line)
    end = side.src.offset(span.end.line) + len(side.src.lines[span.end.line - 1])
    return _Raw(side.text[start:end], start, side.src)


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_QUOTE else text[: _MAX_QUOTE - 1] + "…"


T = TypeVar("T")


def _match(
    english: Sequence[T], translation: Sequence[T], key: Callable[[T], object]
) -> tuple[list[tuple[T, T]], list[T], list[T]]:
    """Equal items paired, and what each side has that the other lacks, each in document order.

    Items are matched in order first (so of three equal English items the one in the
    translation's gap is the unmatched one), then regardless of order (moved items).
    """
    keys_e, keys_t = [key(item) for item in english], [key(item) for item in translation]
    if keys_e == keys_t:  # the common case: nothing changed
        return list(zip(english, translation, strict=True)), [], []
    pairs: dict[int, int] = {}  # translation index -> English index
    for block in SequenceMatcher(None, keys_e, keys_t, autojunk=False).get_matching_blocks():
        pairs.update((block.b + offset, block.a + offset) for offset in range(block.size))
    rest_t: dict[object, list[int]] = {}
    for index, k in enumerate(keys_t):
        if index not in pairs:
            rest_t.setdefault(k, []).append(index)
    matched_e = set(pairs.values())
    lost = []
    for index, k in enumerate(keys_e):
        if index in matched_e:
            continue
        if rest_t.get(k):
            pairs[rest_t[k].pop(0)] = index
        else:
            lost.append(english[index])
    same = [(english[pairs[index]], translation[index]) for index in sorted(pairs)]
    return same, lost, [item for index, item in enumerate(translation) if index not in pairs]


@dataclass(frozen=True)
class _Fact:
    """One piece of markup found in a block: its comparable form, how it is written, where."""

    key: object
    shown: str
    node: Node
    at: Span | tuple[SourceText, int, int]  # a span, or offsets in a page (converted when reported)
    anchor: str = ""  # the URL of the link it belongs to: dropped with its link, it is links.py's
    place: str = ""  # for attribute lists: what attr_list attaches it to, "inline", "block" or "text"

    @property
    def span(self) -> Span:
        if isinstance(self.at, Span):
            return self.at
        src, start, end = self.at
        return Span(src.pos(start), src.pos(end))


@dataclass
class _Diff:
    same: list[tuple[_Fact, _Fact]] = field(default_factory=list)  # English, translation
    changed: list[tuple[_Fact, _Fact]] = field(default_factory=list)
    missing: list[tuple[_Fact, Node]] = field(default_factory=list)  # English, translated block
    extra: list[_Fact] = field(default_factory=list)


def _diff(
    english: Sequence[_Fact], translation: Sequence[_Fact], first: Node, kept: Callable[[_Fact], bool] | None = None
) -> _Diff:
    """Unmatched facts of a group, paired in document order as changed; the rest missing or extra.

    `kept` tells whether an English fact's element is still in the translation; facts
    of a dropped element are not reported.
    """
    if not english and not translation:
        return _Diff()
    # Facts of the same link first, so equal lists of different card links are told apart.
    same, lost, added = _match(english, translation, lambda fact: (fact.key, fact.anchor))
    moved, lost, added = _match(lost, added, lambda fact: fact.key)
    if kept is not None:
        lost = [fact for fact in lost if kept(fact)]
    out = _Diff(same=same + moved)
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


def _link_kept(alignment: Alignment, group: BlockGroup) -> Callable[[_Fact], bool]:
    """Whether the link an English fact belongs to is still written in the translated blocks."""

    def kept(fact: _Fact) -> bool:
        if not fact.anchor:
            return True
        written = (fact.anchor, unquote(fact.anchor))
        return any(url in _raw(alignment, node, False).text for node in group.translation for url in written)

    return kept


def _groups_of(alignment: Alignment, nodes: Iterable[Node]) -> list[BlockGroup]:
    """The groups holding any of `nodes`, in document order: rules skip the rest of the page."""
    index = alignment.cache.get(_groups_of)
    if index is None:
        index = alignment.cache[_groups_of] = {
            node: group for group in _groups(alignment) for node in group.english + group.translation
        }
    found = {id(group): group for node in nodes if (group := index.get(node)) is not None}
    return sorted((g for g in found.values() if not _foreign(g)), key=lambda group: _position(group.translation[0]))


def _group_of(alignment: Alignment, node: Node) -> BlockGroup:
    found = _groups_of(alignment, [node])
    return found[0] if found else BlockGroup([], [node])


def _foreign(group: BlockGroup) -> bool:
    """Translated blocks that link to none of the addresses their English blocks link to: content
    pasted from elsewhere. That is the alignment rules' finding; comparing its markup would repeat it."""
    english = _urls(group.english)
    return len(english) > 1 and not english & _urls(group.translation)


def _urls(nodes: Iterable[Node]) -> set[str]:
    inlines = (inline for node in nodes if (inline := own_inline(node)) is not None)
    return {link.url.rstrip("/") for inline in inlines for link in inline.links}


def _having(alignment: Alignment, fact: str) -> list[BlockGroup]:
    """Groups where a block on either side has some of an inline `fact` ("code", "icons")."""
    return [
        group
        for group in _groups(alignment)
        if any((inline := own_inline(node)) is not None and getattr(inline, fact) for node in group.english)
        or any((inline := own_inline(node)) is not None and getattr(inline, fact) for node in group.translation)
        if not _foreign(group)
    ]


def _scanned(alignment: Alignment, pattern: re.Pattern[str]) -> list[Node]:
    """Grouped blocks of both pages where `pattern` matches."""
    return [node for english in (True, False) for node in _side(alignment, english).scan(pattern)]


class BlockGroupRule(Rule):
    """Runs once per page over the groups of aligned blocks that hold what the rule compares."""

    kinds = ("page",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        for group in self.groups(ctx.alignment):
            yield from self.check_group(group, ctx)

    def groups(self, alignment: Alignment) -> list[BlockGroup]:
        raise NotImplementedError

    def check_group(self, group: BlockGroup, ctx: RuleContext) -> Iterator[Report]:
        raise NotImplementedError


def _report(message: str, fact: _Fact | None, node: Node, english: _Fact | Node, span: Span | None = None) -> Report:
    source = english.node if isinstance(english, _Fact) else english
    source_span = english.span if isinstance(english, _Fact) else None
    return Report(
        message, node=node, span=span or (fact.span if fact else None), source=source, source_span=source_span
    )


def _diff_reports(
    diff: _Diff, group: BlockGroup, what: str, missing_at: Callable[[_Fact], Span | None] = lambda fact: None
) -> Iterator[Report]:
    """The findings of a fact-by-fact comparison: changed, missing and extra facts of one kind."""
    for old, new in diff.changed:
        yield _report(f'{what} "{new.shown}" where English has "{old.shown}"', new, new.node, old)
    for old, node in diff.missing:
        yield _report(f'{what} "{old.shown}" is missing', None, node, old, missing_at(old))
    for new in diff.extra:
        yield _report(f'{what} "{new.shown}" is not in English', new, new.node, group.english[0])


# -- emphasis -----------------------------------------------------------------------------------

# The site's Markdown extensions (docs/renderer.md) minus those that cannot change what a block
# shows as text: toc and meta (page level), snippets (file access), emoji (shortcodes hold no `*`).
# A marker left as text: asterisks unless spaced on both sides (`A * B`), underscores unless inside
# a word (`snake_case`) or spaced on both sides.
_MARKER_RUN = re.compile(r"\*+|_+")
# markdown-it's plain text still holding a marker: cheap pre-check before rendering.
_LEFTOVER = re.compile(r"\*|(?<!\w)_|_(?!\w)")
_WORD_AFTER = re.compile(r"[ \t]*([^\s*_\\]{1,12})")
_WORD_BEFORE = re.compile(r"([^\s*_\\]{1,12})[ \t]*$")
_SPACED_MARKER = re.compile(r"[*_]\s|\s[*_]")
_LONG_RUN = re.compile(r"\w(?:\*{3}|_{3})(?!\*|_)")
_CJK = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]")
# Elements whose text is code or math, not prose.
_LITERAL = frozenset({"code", "pre", "kbd", "script", "style", "svg", "math"})
# Tags inside a line of text: no word break at their edges (`<strong>Sinal</strong>*` shows "Sinal*").
_INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "code", "del", "em", "i", "ins", "kbd", "mark", "s", "small", "span", "strong", "sub", "sup"}
)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})


@lru_cache(maxsize=1)
def _renderer() -> Callable[[str], str] | None:
    """Python-Markdown configured like the site, built on first use; None when not installed."""
    try:
        import markdown
    except ImportError:
        return None
    md = markdown.Markdown(extensions=list(PROSE_EXTENSIONS), extension_configs=PROSE_CONFIGS)

    def render(text: str) -> str:
        md.reset()
        return md.convert(text)

    return render


class _Prose(HTMLParser):
    """Text a reader sees, outside code and math."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[bool] = []
        self._literal = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.parts.append(" ")
            return
        if tag not in _INLINE_TAGS:
            self.parts.append(" ")
        literal = tag in _LITERAL or "arithmatex" in (dict(attrs).get("class") or "").split()
        self._stack.append(literal)
        self._literal += literal

    def handle_endtag(self, tag: str) -> None:
        if self._stack:
            self._literal -= self._stack.pop()
        if tag not in _INLINE_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._literal:
            self.parts.append(data)


@dataclass(frozen=True)
class _Shown:
    """An emphasis marker a reader sees as text."""

    run: str  # "**"
    context: str  # the words around it, as shown
    word: str  # the nearest word, to find the marker in the source
    word_after: bool  # the word follows the marker


def _markers_in(prose: str, skip_cjk: bool = False) -> tuple[_Shown, ...]:
    found = []
    for match in _MARKER_RUN.finditer(prose):
        run, (start, end) = match.group(), match.span()
        before = prose[start - 1] if start else " "
        after = prose[end] if end < len(prose) else " "
        if len(run) == 1 and before.isspace() and after.isspace():
            continue  # `A * B`
        if run[0] == "_" and (_in_word(before) and _in_word(after) or _in_address(before) or _in_address(after)):
            continue  # `snake_case`, `#_20`: not meant as emphasis
        if skip_cjk and (_CJK.match(before) or _CJK.match(after)):
            continue  # CommonMark's view only: Python-Markdown renders emphasis beside CJK text
        word_after = not after.isspace() or before.isspace()
        nearest = _WORD_AFTER.match(prose, end) if word_after else _WORD_BEFORE.search(prose, 0, start)
        left = prose.rfind(" ", 0, max(0, start - 12)) + 1
        right = prose.find(" ", end + 12)
        context = prose[left : right if right >= 0 else len(prose)]
        found.append(_Shown(run, _quote(context), nearest.group(1) if nearest else "", word_after))
    return tuple(found)


def _in_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _in_address(char: str) -> bool:
    return char.isdigit() or char in "#/=.@:"


@lru_cache(maxsize=4096)
def _rendered_markers(markdown_text: str) -> tuple[_Shown, ...]:
    render = _renderer()
    assert render is not None
    parser = _Prose()
    parser.feed(render(markdown_text))
    parser.close()
    return _markers_in("".join(parser.parts))


def _block_markdown(page: Page, node: Node) -> str:
    text, _ = _source_lines(page, node)
    return textwrap.dedent(text)


def _shown_markers(page: Page, node: Node) -> tuple[_Shown, ...]:
    """Markers the site shows as text in this block; markdown-it's leftovers without Python-Markdown."""
    if _renderer() is None:
        inline = own_inline(node)
        return _markers_in(inline.text, skip_cjk=True) if inline is not None else ()
    return _rendered_markers(_block_markdown(page, node))


def _emphasis_suspect(group: BlockGroup) -> bool:
    """Whether the translation may show a marker English does not: worth rendering."""
    count = 0
    for node in group.translation:
        inline = own_inline(node)
        if inline is None or node.kind == "html":
            continue
        if ("*" in inline.text or "_" in inline.text) and _LEFTOVER.search(inline.text):
            return True
        count += len(inline.emphasis)
    return count != sum(len(inline.emphasis) for n in group.english if (inline := own_inline(n)) is not None)


def _locate_marker(raw: _Raw, shown: _Shown) -> tuple[Span, str] | None:
    """The marker in the block's source, with its escapes and spaces: (span, as written)."""
    text, word = raw.text, shown.word
    start = text.find(word) if word else -1
    while start >= 0:
        if shown.word_after:
            edge = start
            while edge > 0 and text[edge - 1] in " \t":
                edge -= 1
            begin = edge
            while begin > 0 and text[begin - 1] in "*_\\":
                begin -= 1
            if begin < edge:
                return raw.span(begin, start + len(word)), text[begin : start + len(word)]
        else:
            edge = start + len(word)
            while edge < len(text) and text[edge] in " \t":
                edge += 1
            finish = edge
            while finish < len(text) and text[finish] in "*_\\":
                finish += 1
            if finish > edge:
                return raw.span(start, finish), text[start:finish]
        start = text.find(word, start + 1)
    return None


def _emphasis_hint(written: Sequence[str]) -> str:
    if any("\\" in text for text in written):
        return 'the markers are escaped with "\\": remove the backslashes'
    if any(_SPACED_MARKER.search(text) for text in written):
        return "remove the space between the markers and the text"
    if any(_LONG_RUN.search(text) for text in written):
        return "one marker too many"
    return "the opening and closing markers do not match"


class BrokenEmphasis(BlockGroupRule):
    """Bold or italic markers show as literal asterisks or underscores.

    ## What it does
    Renders every translated block whose emphasis looks different from the
    English with Python-Markdown and the site's extensions, and flags the block
    when it shows more `*` or `_` markers as text than its English block does:
    a space inside the markers (`** SimpleX **`), one marker too many
    (`**Signal***`), escaped markers (`\\*\\*Signal\\*\\*`), an opening marker
    without its closing one.

    ## Why is this bad?
    Readers see stray asterisks instead of bold text. Crowdin's editor shows
    the markers as tags, so translators rarely notice a space they typed inside
    them.

    ## Example
    ```markdown title="English"
    **SimpleX** Chat is an instant messenger.
    ```
    ```markdown title="Translation"
    ** SimpleX ** Chat è una messaggeria istantanea.
    ```
    ```markdown title="Use instead"
    **SimpleX** Chat è una messaggeria istantanea.
    ```

    ## Known false positives
    Without Python-Markdown installed the rule falls back to markdown-it's
    (CommonMark) reading, which rejects some emphasis the site renders.
    Markers beside CJK text are skipped then, so emphasis ending in other
    punctuation may still be reported.
    """

    id = "TM550"
    name = "broken-emphasis"
    summary = "Bold or italic markers show as literal asterisks or underscores"
    severity = Severity.WARNING

    def groups(self, alignment: Alignment) -> list[BlockGroup]:
        return _groups(alignment)

    def check_group(self, group: BlockGroup, ctx: RuleContext) -> Iterator[Report]:
        if not _emphasis_suspect(group):
            return
        alignment = ctx.alignment
        shown = {node: _shown_markers(alignment.target, node) for node in group.translation if node.kind != "html"}
        total = sum(len(markers) for markers in shown.values())
        if not total or total <= sum(len(_shown_markers(alignment.source, n)) for n in group.english):
            return
        for node, markers in shown.items():
            if not markers:
                continue
            raw = _raw(alignment, node, english=False)
            located = [found for shown_marker in markers if (found := _locate_marker(raw, shown_marker))]
            more = f" (and {len(markers) - 1} more)" if len(markers) > 1 else ""
            yield Report(
                f'"{markers[0].run}" shows as text in "{markers[0].context}"{more}: '
                + _emphasis_hint([written for _, written in located]),
                node=node,
                span=located[0][0] if located else None,
                source=group.english[0],
            )


# -- code spans and code blocks -----------------------------------------------------------------

# Words or a capitalised word in backticks (`leave blank`, `TITLE`, an example passphrase): a placeholder.
_PLACEHOLDER_CODE = re.compile(r"^(?:[^\W\d_]+(?: [^\W\d_]+)+|[^\W\d_a-z]{4,})$")
# Placeholders inside code (`<path to your app>`, `@[username].addy.io`): their words may be translated.
_ANGLE_PLACEHOLDER = re.compile(r"<[^<>\n]*[^\x00-\x7f\s<>][^<>\n]*>|<[^<>\n]* [^<>\n]*>")
_BRACKET_PLACEHOLDER = re.compile(r"\[[^\[\]\n]*\]")


def _code_key(text: str, brackets: bool = True) -> str:
    """Code as compared: spacing normalised, placeholders emptied (`[]` in code blocks may be syntax)."""
    text = _ANGLE_PLACEHOLDER.sub("<>", " ".join(text.split()))
    return _BRACKET_PLACEHOLDER.sub("[]", text) if brackets else text


def _code_facts(nodes: Iterable[Node]) -> list[_Fact]:
    return [
        _Fact(_code_key(code.text), code.text, node, code.span)
        for node in nodes
        if (inline := own_inline(node)) is not None
        for code in inline.code
    ]


def _code_diff(alignment: Alignment) -> list[tuple[BlockGroup, _Diff]]:
    found = alignment.cache.get(_code_diff)
    if found is None:
        found = alignment.cache[_code_diff] = [
            (group, _diff(_code_facts(group.english), _code_facts(group.translation), group.translation[0]))
            for group in _having(alignment, "code")
        ]
    return found


class TranslatedCodeSpan(Rule):
    """A code span differs from its English counterpart.

    ## What it does
    Pairs the `code spans` of every translated block with those of its English
    block and flags one whose content changed: a translated command, option,
    file name or URL scheme, a typo, punctuation pulled inside the backticks.
    Spacing does not count, and placeholders may be translated: a code span of
    words only (`leave blank`) or one capitalised word (`TITLE`), and the parts
    in brackets of code (`@[username].addy.io`, `<path to your app>`).

    ## Why is this bad?
    Code is what readers type or look for on screen: `briar://` or
    `about:config` translated into the reader's language does not exist.

    ## Example
    ```markdown title="English"
    Enter `about:config` in the address bar.
    ```
    ```markdown title="Translation"
    Escribe `acerca:configuración` en la barra de direcciones.
    ```
    ```markdown title="Use instead"
    Escribe `about:config` en la barra de direcciones.
    ```

    ## Known false positives
    A sample word in backticks (`encrypt`, the word a reader should find in a
    word list) and a sample title (`Note`) are reported when translated.
    """

    id = "TM551"
    name = "translated-code-span"
    summary = "A code span's content differs from English"
    severity = Severity.WARNING
    kinds = ("page",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        for _, diff in _code_diff(ctx.alignment):
            for english, translated in diff.changed:
                if _PLACEHOLDER_CODE.match(" ".join(english.shown.split())):
                    continue
                yield _report(
                    f'code "{_quote(translated.shown)}" where English has "{_quote(english.shown)}": '
                    "code stays as in English",
                    translated,
                    translated.node,
                    english,
                )


class MissingCodeSpan(Rule):
    """A code span of the English block is missing or lost its backticks.

    ## What it does
    Flags an English `code span` that has no counterpart in the translated
    block: either its text is there without the backticks (often put in
    quotes instead), or it is gone.

    ## Why is this bad?
    Without backticks a command or setting no longer stands out as something to
    type, and Markdown inside it is interpreted; a dropped one leaves the
    sentence without the name it is about.

    ## Example
    ```markdown title="English"
    Do not edit `about:config` settings.
    ```
    ```markdown title="Translation"
    No edites los ajustes de "about:config".
    ```
    ```markdown title="Use instead"
    No edites los ajustes de `about:config`.
    ```
    """

    id = "TM552"
    name = "missing-code-span"
    summary = "A code span of the English block is missing or lost its backticks"
    severity = Severity.WARNING
    kinds = ("page",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        for group, diff in _code_diff(ctx.alignment):
            for english, node in diff.missing:
                if _PLACEHOLDER_CODE.match(" ".join(english.shown.split())):
                    continue
                found = self._unquoted(ctx.alignment, group, english.shown)
                if found is None:
                    yield _report(f'code "{_quote(english.shown)}" is missing', None, node, english)
                else:
                    where, span = found
                    yield _report(
                        f'"{_quote(english.shown)}" lost its backticks, so it does not show as code',
                        None,
                        where,
                        english,
                        span,
                    )

    @staticmethod
    def _unquoted(alignment: Alignment, group: BlockGroup, text: str) -> tuple[Node, Span] | None:
        for node in group.translation:
            raw = _raw(alignment, node, english=False)
            offset = raw.text.find(text.strip())
            if offset >= 0:
                return node, raw.span(offset, offset + len(text.strip()))
        return None


_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


class ChangedCodeBlock(Rule):
    """A code block's content differs from its English counterpart.

    ## What it does
    Compares every code block with its English counterpart line by line and
    flags the first line that differs. Spacing inside a line, blank lines and
    placeholders in angle brackets with spaces (`<path to your app>`) do not
    count; indentation does. Blocks in the languages of the `skip-languages`
    option are not checked: diagram labels, example prose and sample output
    are shown to readers and may be translated.

    ## Why is this bad?
    A translated command does not run: `udp poort 53 en host` is not
    `udp port 53 and host`, and `--host` split into `-- host` is no option.

    ## Example
    ```markdown title="English"
    ~~~ bash
    tshark -w /tmp/dns.pcap udp port 53 and host 1.1.1.1
    ~~~
    ```
    ```markdown title="Translation"
    ~~~ bash
    tshark -w /tmp/dns.pcap udp poort 53 en host 1.1.1.1
    ~~~
    ```
    ```markdown title="Use instead"
    ~~~ bash
    tshark -w /tmp/dns.pcap udp port 53 and host 1.1.1.1
    ~~~
    ```

    ## Known false positives
    Placeholder file names (`input_file`), comments and program output inside
    a `bash` block are reported when translated.
    """

    id = "TM553"
    name = "changed-code-block"
    summary = "A code block's content differs from English"
    severity = Severity.WARNING
    kinds = ("code",)
    options = {
        "skip-languages": Option(
            ["mermaid", "markdown", "md", "text"],
            list,
            "fence languages whose blocks may be translated (the first word of the fence's info)",
        )
    }

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if not isinstance(source, Block) or not isinstance(target, Block):
            return
        language = source.info.split(" ", 1)[0].casefold()
        if language and language in ctx.options["skip-languages"]:
            return
        english, translated = _code_lines(source.raw), _code_lines(target.raw)
        if [key for _, key, _ in english] == [key for _, key, _ in translated]:
            return
        index = next(
            (i for i, (a, b) in enumerate(zip(english, translated, strict=False)) if a[1] != b[1]),
            min(len(english), len(translated)),
        )
        src = ctx.alignment.target.source
        first = target.span.start.line + (1 if _FENCE.match(src.lines[target.span.start.line - 1]) else 0)
        if index >= len(translated):
            yield Report(f'code block lacks English line "{_quote(english[index][2])}"', node=target, source=source)
            return
        number, _, line = translated[index]
        if index >= len(english):
            message = f'code block line "{_quote(line)}" is not in English'
        else:
            message = f'code block line "{_quote(line)}" differs from English "{_quote(english[index][2])}"'
            if translated[index][1].strip() == english[index][1].strip():
                message = f'code block line "{_quote(line)}" is indented differently from English'
        yield Report(message, node=target, span=_line_span(src, first + number), source=source)


def _code_lines(raw: str) -> list[tuple[int, str, str]]:
    """(index in the block, compared form, text) of a code block's non-blank lines.

    Indentation counts (YAML, Python); spacing inside a line and placeholders do not.
    """
    lines = textwrap.dedent(raw).split("\n")
    return [
        (number, line[: len(line) - len(line.lstrip())] + _code_key(line, brackets=False), line)
        for number, line in enumerate(lines)
        if line.strip()
    ]


def _line_span(src: SourceText, line: int) -> Span | None:
    if not 1 <= line <= len(src.lines):
        return None
    content = src.lines[line - 1]
    start = len(content) - len(content.lstrip())
    return Span(Pos(line, start + 1), Pos(line, len(content.rstrip()) + 1))


# -- icon shortcodes ----------------------------------------------------------------------------

# A shortcode with spaces or full-width colons around its name: shown as text (`:name:` is not matched).
_BROKEN_ICON = re.compile(
    r"(?:：[ \t\u00a0\u3000]*|:[ \t\u00a0\u3000]+)(?P<a>(?:material|octicons|fontawesome|simple)-[a-z0-9-]+)"
    r"[ \t\u00a0\u3000]*[:：]"
    r"|:(?P<b>(?:material|octicons|fontawesome|simple)-[a-z0-9-]+)(?:[ \t\u00a0\u3000]+[:：]|：)"
)


def _broken_icons(alignment: Alignment, node: Node, english: bool) -> list[tuple[str, Span, str]]:
    """(icon name, span, as written) of each malformed shortcode of a block."""
    side = _side(alignment, english)
    return [
        (m.group("a") or m.group("b"), side.span(m.start(), m.end()), m.group(0))
        for m in side.scan(_BROKEN_ICON).get(node, ())
    ]


def _icon_names(nodes: Iterable[Node]) -> list[str]:
    return [icon.name for node in nodes if (inline := own_inline(node)) is not None for icon in inline.icons]


def _icon_facts(nodes: Iterable[Node]) -> list[_Fact]:
    facts = []
    for node in nodes:
        inline = own_inline(node)
        for icon in inline.icons if inline is not None else ():
            link = next((li for li in inline.links if li.span.start <= icon.span.start <= li.span.end), None)
            facts.append(_Fact(icon.name, f":{icon.name}:", node, icon.span, link.url if link else ""))
    return facts


class MismatchedIcon(BlockGroupRule):
    """An icon shortcode differs from the English block's, or was added or dropped.

    ## What it does
    Compares the icon shortcodes (`:octicons-home-16:`, `:material-check:`,
    `:fontawesome-brands-android:`, `:simple-signal:`) of every translated
    block with its English block's. Icons are not text: a translation keeps
    each one as it is.

    ## Why is this bad?
    A dropped icon leaves a card link without its symbol (the privacy policy,
    documentation and source links of a card are icons only), and a changed
    one shows the wrong symbol or none at all.

    ## Example
    ```markdown title="English"
    [:octicons-home-16: Homepage](https://openwrt.org){ .md-button .md-button--primary }
    ```
    ```markdown title="Translation"
    [Домашня сторінка](https://openwrt.org){ .md-button .md-button--primary }
    ```
    ```markdown title="Use instead"
    [:octicons-home-16: Домашня сторінка](https://openwrt.org){ .md-button .md-button--primary }
    ```
    """

    id = "TM554"
    name = "mismatched-icon"
    summary = "An icon shortcode differs from English, or was added or dropped"
    severity = Severity.WARNING

    def groups(self, alignment: Alignment) -> list[BlockGroup]:
        with_icons = _having(alignment, "icons")
        broken = _groups_of(alignment, _side(alignment, False).scan(_BROKEN_ICON))
        return with_icons + [group for group in broken if group not in with_icons]

    def check_group(self, group: BlockGroup, ctx: RuleContext) -> Iterator[Report]:
        broken = {name for node in group.translation for name, _, _ in _broken_icons(ctx.alignment, node, False)}
        if not broken and _icon_names(group.english) == _icon_names(group.translation):
            return
        english = [fact for fact in _icon_facts(group.english) if fact.key not in broken]
        diff = _diff(english, _icon_facts(group.translation), group.translation[0], _link_kept(ctx.alignment, group))
        yield from _diff_reports(diff, group, "icon", lambda fact: _link_span(group, fact.anchor))


def _link_span(group: BlockGroup, url: str) -> Span | None:
    """Where the translation has the link to `url`, if it has one."""
    for node in group.translation:
        inline = own_inline(node)
        for link in inline.links if url and inline is not None else ():
            if link.url == url:
                return link.span
    return None


class BrokenIconShortcode(BlockGroupRule):
    """An icon shortcode is malformed and shows as text.

    ## What it does
    Flags an icon shortcode with spaces or full-width colons around its name
    (`: octicons-home-16 :`, `：material-check：`) that the English block does
    not have.

    ## Why is this bad?
    Only `:name:` written exactly becomes an icon; anything else is printed as
    text, colons and all.

    ## Example
    ```markdown title="English"
    These options can be found in :material-menu: → **Settings**.
    ```
    ```markdown title="Translation"
    Estas opciones se encuentran en : material-menu: → **Configuración**.
    ```
    ```markdown title="Use instead"
    Estas opciones se encuentran en :material-menu: → **Configuración**.
    ```
    """

    id = "TM555"
    name = "broken-icon-shortcode"
    summary = "An icon shortcode is malformed and shows as text"
    severity = Severity.WARNING

    def groups(self, alignment: Alignment) -> list[BlockGroup]:
        return _groups_of(alignment, _side(alignment, False).scan(_BROKEN_ICON))

    def check_group(self, group: BlockGroup, ctx: RuleContext) -> Iterator[Report]:
        english = {written for node in group.english for _, _, written in _broken_icons(ctx.alignment, node, True)}
        for node in group.translation:
            for name, span, written in _broken_icons(ctx.alignment, node, False):
                if written not in english:
                    yield Report(
                        f'"{written}" shows as text: write the icon as ":{name}:"',
                        node=node,
                        span=span,
                        source=group.english[0],
                    )


# -- attribute lists ----------------------------------------------------------------------------

# `{ .class #id key=value }` (attr_list); full-width braces are matched to be reported as broken.
_ATTR_LIST = re.compile(r"(?P<open>[{｛]):?[ \u3000]*(?P<body>(?:[.#]|[\w-]+=)[^}｝\n]*?)[ \u3000]*(?P<close>[}｝])")
_ATTR_TOKEN = re.compile(r"""[^ =}]+="[^"]*"|[^ =}]+='[^']*'|[^ =}]+=[^ =}]+|[^ =}]+""")
# Attribute values that are text for readers, translated like any other text.
_TEXT_ATTRS = frozenset({"title", "alt", "aria-label"})
# A link or image destination: `url`, `<url>`, `url "title"`.
_DESTINATION = re.compile(r"""[ \t]*<?([^\s()<>]+)>?(?:[ \t]+(?:"[^"]*"|'[^']*'))?[ \t]*""")

_Attrs = tuple[str, tuple[str, ...], tuple[tuple[str, str | None], ...]]  # id, classes, other attributes


@lru_cache(maxsize=1024)
def _parse_attrs(body: str) -> _Attrs:
    """What attr_list makes of the list: `.a.b` is ONE class "a.b", a bare word a valueless attribute."""
    ident, classes, attrs = "", [], []
    for token in _ATTR_TOKEN.findall(body):
        if "=" in token:
            name, value = token.split("=", 1)
            attrs.append((name, "" if name in _TEXT_ATTRS else value.strip("\"'")))
        elif token.startswith("."):
            classes.append(token[1:])
        elif token.startswith("#"):
            ident = token[1:]
        else:
            attrs.append((token, None))
    return ident, tuple(sorted(classes)), tuple(sorted(attrs, key=lambda kv: (kv[0], kv[1] or "")))


def _attr_facts(alignment: Alignment, nodes: Iterable[Node], english: bool, images: frozenset[str]) -> list[_Fact]:
    """Attribute lists of blocks, except in headings (the heading id's) and on `images` (links.py's)."""
    side = _side(alignment, english)
    found = side.scan(_ATTR_LIST)
    facts = []
    for node in nodes:
        if node not in found or isinstance(node, Section) or node.kind == "heading":
            continue
        for match in found[node]:
            start, end = match.span()
            url = _destination_before(side.text, start)
            if url.lstrip("./") in images:
                continue
            place = _placement(side.text, start, end, side.end_of(node)) if node.kind == "paragraph" else "inline"
            if match.group("open") != "{" or match.group("close") != "}":
                place = "text"
            at = (side.src, start, end)
            facts.append(_Fact(_parse_attrs(match.group("body")), match.group(0), node, at, url, place))
    return facts


def _destination_before(text: str, end: int) -> str:
    """The URL of the `](url)` that ends at `end`, or ""."""
    if not text.endswith(")", 0, end):
        return ""
    opener = text.rfind("](", 0, end)
    found = _DESTINATION.fullmatch(text, opener + 2, end - 1) if opener >= 0 else None
    return found.group(1) if found else ""


def _placement(text: str, start: int, end: int, block_end: int) -> str:
    """attr_list reads a list right after an element, or alone on a paragraph's last line; else it is text."""
    before = text[text.rfind("\n", 0, start) + 1 : start]
    if not before.strip():
        return "text" if text[end:block_end].strip() else "block"
    return "text" if before[-1].isspace() else "inline"


def _attr_diff(alignment: Alignment) -> list[tuple[BlockGroup, _Diff]]:
    """Per group with attribute lists: which are the same, changed, missing or extra."""
    found = alignment.cache.get(_attr_diff)
    if found is None:
        found = []
        for group in _groups_of(alignment, _scanned(alignment, _ATTR_LIST)):
            images = frozenset(
                image.src.lstrip("./")
                for node in group.english + group.translation
                if (inline := own_inline(node)) is not None
                for image in inline.images
            )
            english = _attr_facts(alignment, group.english, True, images)
            translation = _attr_facts(alignment, group.translation, False, images)
            if english or translation:
                found.append((group, _diff(english, translation, group.translation[0], _link_kept(alignment, group))))
        alignment.cache[_attr_diff] = found
    return found


def _attr_hint(translated: _Fact) -> str:
    """Why a translated list reads differently, for the mistakes seen in Crowdin exports."""
    _, classes, _ = translated.key
    if any("." in name for name in classes):
        return ": classes written together without a space become one class"
    if "" in classes:
        return ': a space after "." leaves the class name out'
    if translated.shown.count('"') % 2:
        return ": a quote is not closed"
    tokens = _ATTR_TOKEN.findall(translated.shown.strip("{}｛｝ "))
    for token, following in zip(tokens, tokens[1:], strict=False):
        name, _, value = token.partition("=")
        if name in _TEXT_ATTRS and value[:1] not in ("'", '"') and following[:1] not in (".", "#"):
            return f': a translated {name} with spaces needs quotes, {name}="…"'
    return ""


class ChangedAttributeList(Rule):
    """An attribute list has other classes, id or attributes than in English.

    ## What it does
    Compares the attribute lists (`{ .md-button .md-button--primary }`,
    `{ .card-link title="Documentation" }`, `{ #id }`) of every translated
    block with its English block's, as the site's attr_list extension reads
    them: spacing, `{.x}` for `{ .x }`, attribute order and a translated
    `title` do not count. A changed or added list is reported; headings and
    images are left to their own rules.

    ## Why is this bad?
    Classes are styling: `{.md-button.md-button--primary}` (no space) is one
    class the site does not know, so the homepage button of a card turns into a
    plain link. A translated title with spaces but no quotes is cut at its
    first word, and the rest becomes a stray attribute.

    ## Example
    ```markdown title="English"
    [:octicons-home-16: Homepage](https://simplex.chat){ .md-button .md-button--primary }
    ```
    ```markdown title="Translation"
    [:octicons-home-16: Página inicial](https://simplex.chat){.md-button.md-button--primary}
    ```
    ```markdown title="Use instead"
    [:octicons-home-16: Página inicial](https://simplex.chat){ .md-button .md-button--primary }
    ```

    Crowdin's export merges `.md-button .md-button--primary` into one class in
    every language alike: real breakage, of the export rather than of a
    translator, reported once per English page.
    """

    id = "TM556"
    name = "changed-attribute-list"
    summary = "An attribute list has other classes, id or attributes than in English"
    severity = Severity.WARNING
    kinds = ("page",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        for group, diff in _attr_diff(ctx.alignment):
            for english, translated in diff.changed:
                if translated.place != "text":
                    yield _report(
                        f'attribute list "{_quote(translated.shown)}" where English has "{_quote(english.shown)}"'
                        + _attr_hint(translated),
                        translated,
                        translated.node,
                        english,
                    )
            for translated in diff.extra:
                if translated.place != "text":
                    yield _report(
                        f'attribute list "{_quote(translated.shown)}" is not in English',
                        translated,
                        translated.node,
                        group.english[0],
                    )


class MissingAttributeList(Rule):
    """An attribute list of the English block is missing.

    ## What it does
    Flags an English attribute list (`{ .md-button }`, `{ .card-link
    title="Documentation" }`, `{ .annotate }`) that has no counterpart in the
    translated block. Headings and images are left to their own rules.

    ## Why is this bad?
    The element loses its styling or behaviour: a button becomes a plain link,
    an icon link loses its tooltip, annotations stop working.

    ## Example
    ```markdown title="English"
    [Download](https://signal.org/download){ .md-button }
    ```
    ```markdown title="Translation"
    [Scarica](https://signal.org/download)
    ```
    ```markdown title="Use instead"
    [Scarica](https://signal.org/download){ .md-button }
    ```
    """

    id = "TM557"
    name = "missing-attribute-list"
    summary = "An attribute list of the English block is missing"
    severity = Severity.WARNING
    kinds = ("page",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        for _, diff in _attr_diff(ctx.alignment):
            for english, node in diff.missing:
                span = _link_span(_group_of(ctx.alignment, node), english.anchor)
                yield _report(f'attribute list "{_quote(english.shown)}" is missing', None, node, english, span)


class BrokenAttributeList(Rule):
    """An attribute list no longer attaches to its element.

    ## What it does
    Flags an attribute list that the English writes right after its element
    (a link, an icon, an emphasis) when the translation separates it with a
    space (`(url) { .md-button }`), writes it with full-width braces
    (`｛ .md-button ｝`), or moves it to a line of its own.

    ## Why is this bad?
    attr_list only reads a list written right after its element, or alone on
    the last line of a paragraph, where it styles the paragraph. Otherwise
    readers see `{ .md-button }` as text; on its own line, the paragraph
    takes the class and the button turns into a plain link.

    ## Example
    ```markdown title="English"
    [Download](https://signal.org/download){ .md-button }
    ```
    ```markdown title="Translation"
    [Scarica](https://signal.org/download) { .md-button }
    ```
    ```markdown title="Use instead"
    [Scarica](https://signal.org/download){ .md-button }
    ```
    """

    id = "TM558"
    name = "broken-attribute-list"
    summary = "An attribute list no longer attaches to its element"
    severity = Severity.WARNING
    kinds = ("page",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        for group, diff in _attr_diff(ctx.alignment):
            moved = [(e, t) for e, t in diff.same + diff.changed if t.place != e.place and t.place != "inline"]
            moved += [(group.english[0], t) for t in diff.extra if t.place == "text"]
            for english, translated in moved:
                yield _report(
                    f'attribute list "{_quote(translated.shown)}" {_PLACE_PROBLEMS[translated.place]}',
                    translated,
                    translated.node,
                    english,
                )


_PLACE_PROBLEMS = {
    "text": "shows as text: write it right after its element, with no space, in ASCII braces",
    "block": "is on a line of its own, so it styles the paragraph instead of the element before it",
}


# -- footnotes ----------------------------------------------------------------------------------

_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")


def _footnote_facts(alignment: Alignment, nodes: Iterable[Node], english: bool) -> list[_Fact]:
    """Footnote references as written (a reference without a definition is not in the tree)."""
    side = _side(alignment, english)
    found = side.scan(_FOOTNOTE_REF)
    return [
        _Fact(m.group(1), m.group(0), node, (side.src, m.start(), m.end()))
        for node in nodes
        for m in found.get(node, ())
    ]


class MismatchedFootnoteReference(BlockGroupRule):
    """A footnote reference differs from the English block's, or was added or dropped.

    ## What it does
    Compares the footnote references (`[^1]`) of every translated block with
    its English block's, by label.

    ## Why is this bad?
    A dropped reference hides the footnote's source or caveat from readers; a
    changed label points to another footnote, or to none.

    ## Example
    ```markdown title="English"
    Mullvad does not log queries.[^4]

    [^4]: Mullvad: [No-logging of user activity policy](https://mullvad.net/en/help/no-logging-data-policy)
    ```
    ```markdown title="Translation"
    Mullvad no registra las consultas.

    [^4]: Mullvad: [Política de no registro](https://mullvad.net/en/help/no-logging-data-policy)
    ```
    ```markdown title="Use instead"
    Mullvad no registra las consultas.[^4]

    [^4]: Mullvad: [Política de no registro](https://mullvad.net/en/help/no-logging-data-policy)
    ```
    """

    id = "TM559"
    name = "mismatched-footnote-reference"
    summary = "A footnote reference differs from English, or was added or dropped"
    severity = Severity.WARNING

    def groups(self, alignment: Alignment) -> list[BlockGroup]:
        return _groups_of(alignment, _scanned(alignment, _FOOTNOTE_REF))

    def check_group(self, group: BlockGroup, ctx: RuleContext) -> Iterator[Report]:
        english = _footnote_facts(ctx.alignment, group.english, True)
        translation = _footnote_facts(ctx.alignment, group.translation, False)
        yield from _diff_reports(_diff(english, translation, group.translation[0]), group, "footnote reference")


def _definitions(page: Page) -> dict[str, Node]:
    if "[^" not in page.source.text:
        return {}
    return {node.info: node for node in page.root.walk() if node.kind == "footnote" and isinstance(node, Block)}


class MissingFootnoteDefinition(Rule):
    """A footnote the English page defines has no definition in the translation.

    ## What it does
    Flags every footnote label the English page defines (`[^2]: text` at the
    start of a line) that the translated page does not. It points at the
    definition when it is still there but not at the start of a line (Crowdin
    joins a definition to the end of the previous footnote), otherwise at the
    first reference to it.

    ## Why is this bad?
    Without its definition the reference `[^2]` is printed as text and the
    footnote's content is gone from the page.

    ## Example
    ```markdown title="English"
    Cloudflare does not log queries.[^2]

    [^1]: AdGuard stores aggregated performance metrics.

    [^2]: Cloudflare collects limited DNS query data.
    ```
    ```markdown title="Translation"
    Cloudflare no registra las consultas.[^2]

    [^1]: AdGuard almacena métricas de rendimiento agregadas. [^2]: Cloudflare recoge datos limitados.
    ```
    ```markdown title="Use instead"
    Cloudflare no registra las consultas.[^2]

    [^1]: AdGuard almacena métricas de rendimiento agregadas.

    [^2]: Cloudflare recoge datos limitados.
    ```
    """

    id = "TM560"
    name = "missing-footnote-definition"
    summary = "A footnote defined in English has no definition in the translation"
    severity = Severity.WARNING
    kinds = ("page",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = ctx.alignment.source, ctx.alignment.target
        english = _definitions(source)
        if not english:
            return
        have = _definitions(target)
        text = target.source.text
        for label, definition in english.items():
            if label in have:
                continue
            marker = f"[^{label}]:"
            offset = text.find(marker)
            if offset >= 0:
                span = Span(target.source.pos(offset), target.source.pos(offset + len(marker)))
                message = f'footnote definition "{marker}" is not at the start of a line, so "[^{label}]" shows as text'
            else:
                offset = text.find(f"[^{label}]")
                if offset < 0:
                    continue  # neither reference nor definition: mismatched-footnote-reference
                span = Span(target.source.pos(offset), target.source.pos(offset + len(f"[^{label}]")))
                message = f'footnote "[^{label}]" has no definition, so it shows as text'
            yield Report(message, span=span, source=definition)


# -- snippet includes ---------------------------------------------------------------------------

# pymdownx.snippets: a line holding only the marker and a quoted path (anything else is text).
_SNIPPET = re.compile(r"""^[ \t]*-+8<-+[ \t]+("(?:\\"|[^"\n])+?"|'(?:\\'|[^'\n])+?')$""")
_SNIPPET_LIKE = re.compile(r"^.*-+8<-+.*$", re.M)


class BrokenSnippetInclude(Rule):
    """A snippet include (`--8<-- "file"`) is changed, broken or missing.

    ## What it does
    Checks that every snippet include of the English page is in the
    translation, naming the same file, written as pymdownx.snippets requires:
    alone on its line, the path in closed quotes. Crowdin's export escapes the
    marker (`\\--8<--`) or cuts the path (`"includes>`).

    ## Why is this bad?
    The included content (a list of contributors, the abbreviations, a shared
    warning) is missing from the built page, and readers see the include line
    as text instead.

    ## Example
    ```markdown title="English"
    --8<-- "includes/contributors.md"
    ```
    ```markdown title="Translation"
    \\--8<-- "includes/contributors.md"
    ```
    ```markdown title="Use instead"
    --8<-- "includes/contributors.md"
    ```
    """

    id = "TM561"
    name = "broken-snippet-include"
    summary = "A snippet include is changed, broken or missing"
    severity = Severity.ERROR
    kinds = ("page",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        alignment = ctx.alignment
        if "8<" not in alignment.source.source.text:
            return
        english = [node for node in alignment.source.root.walk() if node.kind == "snippet"]
        src = alignment.target.source
        written = list(_SNIPPET_LIKE.finditer(src.text))
        for index, node in enumerate(english):
            want = _source_lines(alignment.source, node)[0].lstrip()
            path = _snippet_path(want)
            if path is None:
                continue  # a block of several includes: not compared
            line = written[index] if index < len(written) else None
            if line is None:
                anchor = alignment.anchor_in_target(node)
                yield Report(f'snippet include "{want}" is missing', span=anchor, source=node)
                continue
            has = line.group(0).lstrip()
            found = _snippet_path(has)
            if found == path:
                continue
            span = Span(src.pos(line.start() + len(line.group(0)) - len(line.group(0).lstrip())), src.pos(line.end()))
            if found is None:
                message = f'snippet include "{_quote(has)}" shows as text because {_unread(has)}; English has "{want}"'
            else:
                message = f'snippet include "{_quote(has)}" where English has "{want}"'
            yield Report(message, node=ctx.counterpart(node), span=span, source=node)


def _unread(line: str) -> str:
    """Why pymdownx.snippets does not read an include line."""
    if line.startswith("\\"):
        return "it is escaped"
    if _snippet_path(line.rstrip()):
        return "of spaces after it"
    return "it is not a valid include"


def _snippet_path(line: str) -> str | None:
    match = _SNIPPET.match(line)
    return match.group(1)[1:-1] if match else None


# -- HTML tags ----------------------------------------------------------------------------------

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])([^<>]*)>")
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_MARKDOWN = re.compile(r"\bmarkdown\b", re.I)


def _tag_facts(alignment: Alignment, nodes: Iterable[Node], english: bool) -> list[_Fact]:
    side = _side(alignment, english)
    found = side.scan(_TAG)
    facts = []
    for node in nodes:
        for m in found.get(node, ()):
            closing, name, attrs = m.group(1), m.group(2).lower(), m.group(3)
            classes = _CLASS.search(attrs) if "class" in attrs else None
            names = " ".join(sorted(next(g for g in classes.groups() if g is not None).split())) if classes else ""
            markdown = "markdown" in attrs and bool(_MARKDOWN.search(attrs))
            shown = f"<{closing}{name}" + (f' class="{names}"' if names else "") + (" markdown" if markdown else "")
            facts.append(_Fact((closing, name, names, markdown), shown + ">", node, (side.src, m.start(), m.end())))
    return facts


class MismatchedHtmlTag(BlockGroupRule):
    """An HTML tag differs from the English block's, or was added or dropped.

    ## What it does
    Compares the HTML tags (`<br>`, `<kbd>`, `<sup>`, `<span class="…">`,
    `<a href>` and their closing tags) of every translated block with its
    English block's: tag name, class and the `markdown` attribute. Attribute
    values readers see (`title`, `alt`) and link targets do not count.

    ## Why is this bad?
    A dropped closing tag swallows the rest of the paragraph into a link or a
    list item, a stray `</li>` breaks the list around it, and a dropped `<br>`
    runs two lines of a button together.

    ## Example
    ```markdown title="English"
    Receiving OTP codes via SMS is <a href="#sms">one of the weaker methods</a> of MFA.
    ```
    ```markdown title="Translation"
    Het ontvangen van OTP-codes via SMS is een van de zwakkere manieren. </a> MFA.
    ```
    ```markdown title="Use instead"
    Het ontvangen van OTP-codes via SMS is <a href="#sms">een van de zwakkere manieren</a> van MFA.
    ```
    """

    id = "TM562"
    name = "mismatched-html-tag"
    summary = "An HTML tag differs from English, or was added or dropped"
    severity = Severity.WARNING

    def groups(self, alignment: Alignment) -> list[BlockGroup]:
        return _groups_of(alignment, _scanned(alignment, _TAG))

    def check_group(self, group: BlockGroup, ctx: RuleContext) -> Iterator[Report]:
        english = _tag_facts(ctx.alignment, group.english, True)
        translation = _tag_facts(ctx.alignment, group.translation, False)
        yield from _diff_reports(_diff(english, translation, group.translation[0]), group, "HTML tag")


RULES: tuple[type[Rule], ...] = (
    BrokenEmphasis,
    TranslatedCodeSpan,
    MissingCodeSpan,
    ChangedCodeBlock,
    MismatchedIcon,
    BrokenIconShortcode,
    ChangedAttributeList,
    MissingAttributeList,
    BrokenAttributeList,
    MismatchedFootnoteReference,
    MissingFootnoteDefinition,
    BrokenSnippetInclude,
    MismatchedHtmlTag,
)
