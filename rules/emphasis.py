"""TM550: bold and italic markers render as the English ones do.

"Broken" is what Python-Markdown with the site's extensions renders as text (see
docs/renderer.md): `** x **`, `**Sinal***` and escaped `\\*\\*` show asterisks there,
CJK text right beside `**` does not (unlike CommonMark).
"""

from __future__ import annotations

import importlib.util
import re
import textwrap
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from html.parser import HTMLParser
from typing import Literal

from linter.align.aligner import Alignment, BlockGroup, own_inline
from linter.align.analysis import analysis
from linter.engine.findings import SAFE, Edit, Fix, Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.positions import Span
from linter.parse.renderer import PROSE_CONFIGS, PROSE_EXTENSIONS
from linter.parse.tree import Node, Page
from linter.patterns import lazy
from linter.records import Value

from .breakage import GLUED_MARKER
from .facts import (
    BlockGroupRule,
    Raw,
    prose_groups,
    quote_part,
    raw_lines,
    source_lines,
)

# The site's Markdown extensions (docs/renderer.md) minus those that cannot change what a block
# shows as text: toc and meta (page level), snippets (file access), emoji (shortcodes hold no `*`).
# A marker left as text: asterisks unless spaced on both sides (`A * B`), underscores unless inside
# a word (`snake_case`) or spaced on both sides.
_MARKER_RUN = lazy(r"\*+|_+")
# markdown-it's plain text still holding a marker: cheap pre-check before rendering.
_LEFTOVER = lazy(r"\*|(?<!\w)_|_(?!\w)")
_WORD_AFTER = lazy(r"[ \t]*([^\s*_\\]{1,12})")
_WORD_BEFORE = lazy(r"([^\s*_\\]{1,12})$")  # searched back from the marker, spaces skipped
_SPACED_MARKER = lazy(r"[*_]\s|\s[*_]")
_REMOVE_SPACE = "remove the space between the markers and the text"
_SOURCE_RUN = lazy(r"(?<!\\)(?:\*+|_+)")  # a marker run in the source, unless escaped
# `my_var`: words joined by underscores; from a word's start only, so a long word is read once
_SNAKE_NAME = lazy(r"(?<![^\W_])[^\W_]+(?:_+[^\W_]+)+")
_OPENING_QUOTES = frozenset("\"'“”„‘’‚«»‹›「『(（")
_CLOSING_QUOTES = frozenset("\"'“”‘’«»‹›」』)）")
# CJK punctuation, kana, ideographs, hangul, full-width forms: compared, not a regex (compiling that class costs
# a one-page run 2 ms).
_CJK = (("\u3000", "\u30ff"), ("\u3400", "\u9fff"), ("\uac00", "\ud7af"), ("\uff00", "\uffef"))
# Elements whose text is code or math, not prose.
_LITERAL = frozenset({"code", "pre", "kbd", "script", "style", "svg", "math"})
# Tags inside a line of text: no word break at their edges (`<strong>Sinal</strong>*` shows "Sinal*").
_INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "code", "del", "em", "i", "ins", "kbd", "mark", "s", "small", "span", "strong", "sub", "sup"}
)
_BRACKETS = lazy(r"[\[\]()]")
# What Python-Markdown's inline patterns (and the site's: keys `++`, arithmatex `$`, critic `{++`) start with.
_ELEMENT_STARTS = "*_`[<&\\+${"
_SPACE_RUNS = lazy(r"[ \t]{100,}")  # shorter runs cost attr_list nothing measurable (render_cost)
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


class _Shown(Value):
    """An emphasis marker a reader sees as text."""

    run: str  # "**"
    context: str  # the words around it, as shown
    word: str  # the nearest word, to find the marker in the source
    word_after: bool  # the word follows the marker

    __slots__ = ("run", "context", "word", "word_after")

    def __init__(self, run: str, context: str, word: str, word_after: bool) -> None:
        self.run = run
        self.context = context
        self.word = word
        self.word_after = word_after


def _is_cjk(char: str) -> bool:
    return any(low <= char <= high for low, high in _CJK)


def _markers_in(prose: str, skip_cjk: bool = False, spaced: bool = False) -> tuple[_Shown, ...]:
    """Markers shown as text and likely meant as emphasis; `spaced` counts a lone `A * B` marker too."""
    found = []
    # A marker's context runs from the last space 12 characters or more before it to the first space
    # as far after it. Markers come in order, so each search goes on from where the last one stopped:
    # a text of markers and no spaces is read once, not from each marker to its ends.
    left = searched = 0
    right = -1
    for match in _MARKER_RUN.finditer(prose):
        run, (start, end) = match.group(), match.span()
        before = prose[start - 1] if start else " "
        after = prose[end] if end < len(prose) else " "
        if len(run) == 1 and before.isspace() and after.isspace() and not spaced:
            continue  # `A * B`
        if before in _OPENING_QUOTES and after in _CLOSING_QUOTES:
            continue  # `"*"`: the character itself, quoted
        if run[0] == "_" and (_in_word(before) and _in_word(after) or _in_address(before) or _in_address(after)):
            continue  # `snake_case`, `#_20`: not meant as emphasis
        if skip_cjk and (_is_cjk(before) or _is_cjk(after)):
            continue  # CommonMark's view only: Python-Markdown renders emphasis beside CJK text
        word_after = not after.isspace() or before.isspace()
        nearest = _WORD_AFTER.match(prose, end) if word_after else _word_before(prose, start)
        left = prose.rfind(" ", searched, max(searched, start - 12)) + 1 or left
        searched = max(searched, start - 12)
        if right < end + 12 and right != len(prose):
            right = prose.find(" ", end + 12) % (len(prose) + 1)  # -1: none, to the end
        context = quote_part(prose, left, right)
        found.append(_Shown(run, context, nearest.group(1) if nearest else "", word_after))
    return tuple(found)


def _in_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _in_address(char: str) -> bool:
    return char.isdigit() or char in "#/=.@:"


@lru_cache(maxsize=4096)
def _rendered_markers(markdown_text: str, spaced: bool = False) -> tuple[_Shown, ...]:
    render = _renderer()
    assert render is not None
    parser = _Prose()
    parser.feed(render(markdown_text))
    parser.close()
    return _markers_in("".join(parser.parts), spaced=spaced)


def _block_markdown(page: Page, node: Node) -> str:
    text, _ = source_lines(page, node)
    return textwrap.dedent(text)


def _shown_markers(page: Page, node: Node, ctx: RuleContext, spaced: bool = False) -> tuple[_Shown, ...]:
    """Markers the site shows as text in this block; markdown-it's leftovers without Python-Markdown.

    Also markdown-it's when rendering would take seconds: Python-Markdown scans from each `[` that
    no `]` closes, and from each link's `(` that no `)` closes, to the end of the text, once per link
    pattern (9,000 unclosed `[` in 18 KB: 22 s; 8,600 `[x](` in 37 KB: 6 s); so a page's blocks share
    one budget, charged in the order the rule asks, whether or not the answer is recalled (eight
    blocks each just within a budget of their own took 5 s). What a block renders to is recalled
    from the page's last lint: building Python-Markdown with the site's extensions costs a one-page
    run as much as its lint.
    """
    if _can_render():
        text = _block_markdown(page, node)
        if _afforded(_render_budget(ctx.alignment, page is ctx.alignment.source), render_cost(text)):
            key = f"{int(spaced)}:{text}"
            rows = ctx.recall("shown-markers", key, lambda: _marker_rows(text, spaced), _are_marker_rows)
            if rows is not None:
                return tuple(_Shown(*row) for row in rows)
    inline = own_inline(node)
    return _markers_in(inline.text, skip_cjk=True, spaced=spaced) if inline is not None else ()


@lru_cache(maxsize=1)
def _can_render() -> bool:
    """Whether Python-Markdown is installed (found, not imported: most pages never need it)."""
    return importlib.util.find_spec("markdown") is not None


def _marker_rows(text: str, spaced: bool) -> tuple[tuple[str, str, str, bool], ...] | None:
    """`_rendered_markers` as plain values a cache keeps (fields in order); None when Python-Markdown does not load."""
    if _renderer() is None:
        return None
    return tuple((m.run, m.context, m.word, m.word_after) for m in _rendered_markers(text, spaced))


def _are_marker_rows(value: object) -> bool:
    return (
        value is None
        or isinstance(value, tuple)
        and all(
            isinstance(row, tuple) and len(row) == 4 and all(type(v) is str for v in row[:3]) and type(row[3]) is bool
            for row in value
        )
    )


_RENDER_BUDGET = 1_000_000  # characters Python-Markdown's scans may read for one page (about 1 s)


@analysis
def _render_budget(alignment: Alignment, english: bool) -> list[int]:
    """What is left of a page's render budget in this pair (one number, spent as blocks are rendered)."""
    return [_RENDER_BUDGET]


def _afforded(budget: list[int], cost: int) -> bool:
    """Whether a block of this cost fits what is left of its page's budget; if so, it is spent."""
    if cost > budget[0]:
        return False
    budget[0] -= cost
    return True


def render_cost(text: str) -> int:
    """How many characters Python-Markdown's bracket and parenthesis scans may read in `text`: the
    `[` and `(` no later `]` or `)` closes, each scanned to the end; and, in the same units, what
    attr_list's pattern for a heading's or table cell's `{: .class}` (`[ ]+{`) spends on a run of
    spaces, trying it from each of its spaces to its end: a heading of 80,000 spaces took 2.5 s
    (k spaces cost about k²/2500; a tab becomes four spaces before it looks); and what pymdownx's
    delimiter processor spends on `~`, `^` and `=` (strikethrough, superscript, mark), searching the text
    after each of them for its closer: 20,000 `~a` inside `*…*` took 1.3 s, 76,000 `~` in a word 1.4 s;
    and what its inline patterns spend writing the text again around each element they match (emphasis,
    code, a link, a tag, an entity, an escape: each is swapped for a placeholder in a new copy), counted
    by the characters that start them: 125,000 `*word*` in 1 MB took 12 s, 80,000 `<b>x</b>` in 720 kB 22 s."""
    unclosed = {"[": 0, "(": 0}
    for char in _BRACKETS.findall(text):
        if char in unclosed:
            unclosed[char] += 1
        else:
            opener = "[" if char == "]" else "("
            unclosed[opener] -= unclosed[opener] > 0
    spaces = sum((len(run) + 3 * run.count("\t")) ** 2 for run in _SPACE_RUNS.findall(text)) // 2500
    delimiters = (text.count("~") + text.count("^") + text.count("=")) * len(text) // 500
    copies = sum(map(text.count, _ELEMENT_STARTS)) * len(text) // 5000
    return (unclosed["["] + unclosed["("]) * len(text) + spaces + delimiters + copies


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


class _Located(Value):
    """A shown marker found in the block's source."""

    span: Span  # the marker with its escapes, spaces and word
    written: str  # the same, as written
    start: int  # the marker run (escapes included) in Raw.text
    end: int

    __slots__ = ("span", "written", "start", "end")

    def __init__(self, span: Span, written: str, start: int, end: int) -> None:
        self.span = span
        self.written = written
        self.start = start
        self.end = end


def _locate_marker(raw: Raw, shown: _Shown) -> _Located | None:
    """The marker in the block's source, with its escapes and spaces."""
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
                return _Located(raw.span(begin, start + len(word)), text[begin : start + len(word)], begin, edge)
        else:
            edge = start + len(word)
            while edge < len(text) and text[edge] in " \t":
                edge += 1
            finish = edge
            while finish < len(text) and text[finish] in "*_\\":
                finish += 1
            if finish > edge:
                return _Located(raw.span(start, finish), text[start:finish], edge, finish)
        start = text.find(word, start + 1)
    return None


def _emphasis_hint(text: str, located: Sequence[_Located], names: Callable[[], frozenset[str]]) -> str:
    """What is wrong with the shown markers `located` in the block's source `text`; `names` gives the
    English's underscored names (`my_var`), asked for only when a marker's pair is looked for."""
    written = [found.written for found in located]
    if any("\\" in each for each in written):
        return 'the markers are escaped with "\\": remove the backslashes'
    if any(_SPACED_MARKER.search(each) for each in written):
        return _REMOVE_SPACE
    runs = _like_runs(text, names()) if located else {}
    for found in located:
        place = runs.get((found.start, found.end))  # None for `*_` or escaped markers
        if place is not None and (hint := _pair_hint(text, *place)):
            return hint
    return "the opening and closing markers do not match"


def _like_runs(text: str, names: frozenset[str]) -> dict[tuple[int, int], tuple[list[tuple[int, int]], int]]:
    """Each marker run of the source (escaped ones left out) with the runs of its character, in order, and its
    place among them: found once a block, so a block of thousands of shown markers stays linear. The
    underscores of a name the English writes too (`my_var`) are no marker: no run pairs with them."""
    named = _SNAKE_NAME.finditer(text) if names else ()
    in_names = {index for match in named if match.group() in names for index in range(*match.span())}
    alike: dict[str, list[tuple[int, int]]] = {}
    for match in _SOURCE_RUN.finditer(text):
        if match.start() not in in_names:
            alike.setdefault(match.group()[0], []).append(match.span())
    return {span: (spans, index) for spans in alike.values() for index, span in enumerate(spans)}


def _english_names(alignment: Alignment, english: Sequence[Node]) -> frozenset[str]:
    """Words joined by underscores in the English blocks, as written (code spans too: the translation may
    drop the backticks): names such as `my_var`, whose underscores a translation keeps."""
    return frozenset(name for node in english for name in _SNAKE_NAME.findall(source_lines(alignment.source, node)[0]))


_Shape = Literal["spaced", "both spaced", "glued", "uneven", "emphasis"]


def _pair_hint(text: str, runs: list[tuple[int, int]], at: int) -> str | None:
    """Why the marker run `runs[at]` and the nearest run of its character before or after it are no emphasis,
    when the pair shows it (a run that is emphasis with its other neighbour is not taken)."""
    start, end = runs[at]
    run = text[start:end]
    for other, beyond in ((at - 1, at - 2), (at + 1, at + 2)):
        if not 0 <= other < len(runs):
            continue
        if 0 <= beyond < len(runs) and _pair_shape(text, *sorted((runs[other], runs[beyond]))) in _RENDERS:
            continue
        shape = _pair_shape(text, *sorted((runs[at], runs[other])))
        if shape == "spaced":
            return _REMOVE_SPACE
        if shape == "uneven":
            opening, closing = (text[slice(*span)] for span in sorted((runs[at], runs[other])))
            extra = abs(len(opening) - len(closing))
            count = "one marker" if extra == 1 else f"{extra} markers"
            return f'{count} too many: "{opening}" opens and "{closing}" closes'
        if shape == "glued":
            stars = "*" * len(run)
            return (
                f'a "{run}" touching a letter on its outer side is read as part of the word: use "{stars}…{stars}"'
                f' instead, or put a space or punctuation between the "{run}" and that letter'
            )
    return None


def _pair_shape(text: str, opening: tuple[int, int], closing: tuple[int, int]) -> _Shape:
    """How two like marker runs read together: "spaced" with a space inside on one side only (`*курсивом *`),
    "glued" for underscores with a letter right outside (`처리_로`, `仅供_代理_`: Python-Markdown's underscores
    open only after, and close only before, a character that is not a letter or digit), "uneven" when the
    runs differ in length (`***Приложения**` shows the extra `*`), "emphasis" when none of these, "both
    spaced" with spaces inside on both sides (`*a* b *c`: a stray marker as likely)."""
    spaced = text[opening[1]].isspace(), text[closing[0] - 1].isspace()
    if any(spaced):
        return "spaced" if spaced[0] != spaced[1] else "both spaced"
    outside = text[opening[0] - 1 : opening[0]] + text[closing[1] : closing[1] + 1]
    if text[opening[0]] == "_" and any(char.isalnum() for char in outside):
        return "glued"
    return "uneven" if opening[1] - opening[0] != closing[1] - closing[0] else "emphasis"


_RENDERS: frozenset[_Shape] = frozenset({"emphasis", "uneven"})  # a pair whose shorter run's markers render


# A pair of markers with a space inside (`** SimpleX **`, `**Strict **`), or escaped (`\\*\\*x\\*\\*`). Underscores
# with no letter or digit outside, as Python-Markdown reads them: `item_id als _x` holds no pair.
_SPACED_PAIR = lazy(
    r"(?<![*_\\])(\*{1,3}|(?<![^\W_])_{1,3})([ \t]*)([^\s*_](?:[^*_\n]*?[^\s*_\\])?)([ \t]*)\1(?![*_])(?!(?<=_)[^\W_])"
)
_ESCAPED_PAIR = lazy(r"((?:\\\*){1,3}|(?:\\_){1,3})([^*_\n]+?)\1")


def _marker_fix(raw: Raw, located: Sequence[_Located]) -> Fix | None:
    """Pairs of markers written with a space inside or escaped, written as markers.

    Only pairs holding a marker the site shows as text are touched (`2 * 3 * 4` stays); one
    marker too many or a missing closing one has no single answer and is left.
    """
    shown = {found.span.start for found in located}
    text = raw.src.text[raw.base : raw.base + len(raw.text)]
    edits = []
    for pattern in (_SPACED_PAIR, _ESCAPED_PAIR):
        for match in pattern.finditer(raw.text):
            span = raw.span(match.start(), match.end())
            if not any(span.start <= start < span.end for start in shown):
                continue
            written = text[match.start() : match.end()]
            marker = match.group(1).replace("\\", "")
            inner = 3 if pattern is _SPACED_PAIR else 2  # the emphasised text, as written (code included)
            repaired = marker + text[match.start(inner) : match.end(inner)] + marker
            if repaired != written:
                edits.append(Edit(span, repaired))
    edits.sort(key=lambda edit: edit.span)
    if not edits or any(a.span.end > b.span.start for a, b in zip(edits, edits[1:], strict=False)):
        return None
    return Fix(tuple(edits), SAFE, "remove the spaces or backslashes inside the markers")


class BrokenEmphasis(BlockGroupRule):
    """Bold or italic markers show as literal asterisks or underscores.

    ## What it does
    Renders every translated block whose emphasis looks different from the
    English with Python-Markdown and the site's extensions, and flags the block
    when it shows more `*` or `_` markers as text than its English block does:
    a space inside the markers (`** SimpleX **`), one marker too many
    (`**Signal***`), escaped markers (`\\*\\*Signal\\*\\*`), an opening marker
    without its closing one, underscores touching a letter outside them
    (`_경로 처리_로`: Python-Markdown reads them as part of the word).

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

    ## Fix
    Safe: removes the spaces between the markers and the text and the
    backslashes of escaped markers. One marker too many or a missing closing
    marker is left: which one the translator meant has no single answer.
    """

    id = "TM550"
    cost = 11
    name = "broken-emphasis"
    summary = "Bold or italic markers show as literal asterisks or underscores"
    severity = Severity.WARNING
    fix_safety = SAFE

    def groups(self, alignment: Alignment) -> list[BlockGroup]:
        return prose_groups(alignment)

    def check_group(self, group: BlockGroup, ctx: RuleContext) -> Iterator[Report]:
        if not _emphasis_suspect(group):
            return
        alignment = ctx.alignment
        shown = {node: _shown_markers(alignment.target, node, ctx) for node in group.translation if node.kind != "html"}
        total = sum(len(markers) for markers in shown.values())
        # English's lone `300%. *` shows the same asterisk the translation writes as `300%。*`
        if not total or total <= sum(len(_shown_markers(alignment.source, n, ctx, spaced=True)) for n in group.english):
            return
        for node, markers in shown.items():
            if not markers:
                continue
            raw = raw_lines(alignment, node, english=False)
            located = [found for shown_marker in markers if (found := _locate_marker(raw, shown_marker))]
            if located and len(located) == len(markers) and all(_glued_bullet(raw, found.span) for found in located):
                continue  # `*Texto` where English has a list item: glued-list-marker names the cause
            more = f" (and {len(markers) - 1} more)" if len(markers) > 1 else ""
            yield Report(
                f'"{markers[0].run}" shows as text in "{markers[0].context}"{more}: '
                + _emphasis_hint(raw.text, located, lambda: _english_names(alignment, group.english)),
                node=node,
                span=located[0].span if located else None,
                source=group.english[0],
                fix=_marker_fix(raw, located),
            )


RULES: tuple[type[Rule], ...] = (BrokenEmphasis,)


def _glued_bullet(raw: Raw, span: Span) -> bool:
    """The marker is a list item's bullet that lost its space (`*Texto`)."""
    glued = GLUED_MARKER.match(raw.src.lines[span.start.line - 1])
    return bool(glued and glued.group("bullet") and span.start.column == len(glued.group("indent")) + 1)


def _word_before(prose: str, start: int) -> re.Match[str] | None:
    """The word before `start` (its last 12 characters), spaces between skipped: looked for only just
    before, so a line of many markers costs one pass."""
    edge = start
    while edge > 0 and prose[edge - 1] in " \t":
        edge -= 1
    return _WORD_BEFORE.search(prose, max(0, edge - 12), edge)
