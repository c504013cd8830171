"""TM301-TM304, TM308: admonitions and collapsibles that translation broke.

Each rule names one way a box stops rendering as in English: its type keyword
translated or lost, its header unparseable, its body out of the box, its title's
quotes localised. HTML boxes (`<div>`, `<details>`) are in html_boxes.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.align.aligner import Alignment, Pair
from linter.align.analysis import page_analysis
from linter.engine.findings import SAFE, UNSAFE, Edit, Fix, Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.containers import match_header
from linter.parse.positions import Pos, Span
from linter.parse.source import SourceText
from linter.parse.tree import Admonition, Block, Node, Page, Section
from linter.patterns import lazy

from .card_facts import misplaced
from .cards import HEADER_MARKER


class TranslatedAdmonitionType(Rule):
    """The type keyword of an admonition or collapsible differs from English.

    ## What it does
    Compares the type of every admonition (`!!! recommendation`, `??? downloads`,
    `<div class="admonition warning" markdown>`, `<details class="note" markdown>`,
    `/// tip`) with its English counterpart's type.

    ## Why is this bad?
    The type is a CSS class, not text: `!!! рекомендації` still renders a box,
    but without the card layout, icon and colour of `recommendation`, and
    `??? הורדות` is no longer the downloads drop-down. Only the title may be
    translated (`!!! warning "Avviso"`).

    Not reported: a translated word for `note` that is no type the site knows.
    Material for MkDocs draws a type it does not know as a note, titled with
    the word, so `!!! 참고` looks exactly as `!!! note "참고"` does. In
    `/// note` blocks it is reported: they know only their configured types.

    ## Example
    ```markdown title="English"
    !!! recommendation

        **Signal** is a mobile app.
    ```
    ```markdown title="Translation"
    !!! рекомендації

        **Signal** — мобільний застосунок.
    ```
    ```markdown title="Use instead"
    !!! recommendation

        **Signal** — мобільний застосунок.
    ```

    ## Fix
    Writes the English type in place of the translated one. Safe, except when
    the translation has another real type (`warning` where English has
    `danger`), which may be deliberate: that fix is unsafe. A box that shares
    no link, image or code with its English counterpart and holds other kinds
    of them (a card's logo and links where English has a note) gets no fix: it
    may hold other content.
    """

    id = "TM301"
    name = "translated-admonition-type"
    summary = "An admonition's type keyword differs from English"
    severity = Severity.ERROR
    kinds = ("admonition",)
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if not isinstance(source, Admonition) or not isinstance(target, Admonition):
            return
        if source.tag.casefold() == target.tag.casefold() or not target.tag:
            return  # an empty type is missing-admonition-type's
        if _drawn_as_note(source, target, ctx.alignment):
            return
        if not source.is_card and misplaced(pair, ctx) is not None:
            return  # a card pasted where English has another kind of box: misplaced-card
        span = target.header_span
        keyword = _keyword_span(ctx.alignment.target.source, target)
        span = keyword or target.header_span
        fix = None
        if keyword is not None and _same_content(source, target):
            # A translated word has one answer; another real type may be a deliberate change.
            safety = UNSAFE if target.tag.casefold() in _known_types(ctx.alignment.source) else SAFE
            fix = Fix.replace(keyword, source.tag, f'write the type "{source.tag}"', safety)
        yield Report(
            f'admonition type "{target.tag}" where English has "{source.tag}": the type is a keyword '
            "the site styles by, not text to translate (translate only the quoted title)",
            node=target,
            span=span,
            source=source,
            source_span=source.header_span,
            fix=fix,
        )


# Material for MkDocs' admonition types; a page may style its own (recommendation, downloads).
_MATERIAL_TYPES = frozenset(
    "note abstract summary tldr info todo tip hint important success check done question help faq warning "
    "caution attention failure fail missing danger error bug example quote cite".split()
)
_MATERIAL_FALLBACK = "note"  # the style Material gives a type it does not know
_KEYWORD_EDGES = frozenset(" \t\"'!?+/")


def _keyword_span(source: SourceText, node: Admonition) -> Span | None:
    """Where the type keyword stands on the header line, when it stands there as a word of its own."""
    if node.header_span is None or not node.tag:
        return None
    line_no = node.header_span.start.line
    line = source.lines[line_no - 1]
    at = line.find(node.tag)
    while at >= 0:
        end = at + len(node.tag)
        if (at == 0 or line[at - 1] in _KEYWORD_EDGES) and (end == len(line) or line[end] in _KEYWORD_EDGES):
            return Span(Pos(line_no, at + 1), Pos(line_no, end + 1))
        at = line.find(node.tag, at + 1)
    return None


def _same_content(source: Node, target: Node) -> bool:
    """Whether the boxes share a URL, image, code or icon, or hold the same kinds of them: a pairing to copy from.

    A card pasted where English has a note (a logo, links) is not a note with a translated type.
    """
    english, translated = set(source.invariants()), set(target.invariants())
    kinds = {fact[:2] for fact in english} == {fact[:2] for fact in translated}
    return bool(english & translated) or kinds


def _drawn_as_note(source: Admonition, target: Admonition, alignment: Alignment) -> bool:
    """Material draws a type it does not know as a note, titled with the word: `!!! 참고` for `!!! note`
    shows the note box titled "참고", as `!!! note "참고"` would. `/// type` blocks know only their
    configured types, so there a translated word is no box at all."""
    return (
        source.tag.casefold() == _MATERIAL_FALLBACK
        and target.syntax != "///"
        and target.tag.casefold() not in _known_types(alignment.source)
    )


@page_analysis
def _known_types(page: Page) -> frozenset[str]:
    """The admonition types the site knows: Material's and the English page's (read once per page, not per box)."""
    english = {node.tag.casefold() for node in page.root.walk() if isinstance(node, Admonition)}
    return frozenset(english | _MATERIAL_TYPES)


class BrokenAdmonitionHeader(Rule):
    """An admonition header the site cannot parse, so the box disappears.

    ## What it does
    Flags a paragraph that starts with `!!!`, `???` or `===` but is not a valid
    header as Python-Markdown reads it: `???` with the type moved to the next
    line, a type after a non-breaking space. The renderer prints the marker as
    text and turns the indented body into a code block. A title in « » or “ ”
    quotes is left to `localized-title-quotes`.

    ## Why is this bad?
    The collapsible (often the downloads list of a card) vanishes from the built
    page and its links show as raw Markdown in a grey code box.

    ## Example
    ```markdown title="English"
    ??? downloads

        - [Google Play](https://play.google.com/store/apps/details?id=chat.simplex.app)
    ```
    ```markdown title="Translation"
    ???

    downloads

        - [Google Play](https://play.google.com/store/apps/details?id=chat.simplex.app)
    ```
    ```markdown title="Use instead"
    ??? downloads

        - [Google Play](https://play.google.com/store/apps/details?id=chat.simplex.app)
    ```

    ## Fix
    Safe, when the header stands for an English box that has no counterpart:
    writes one plain space after the marker (not a non-breaking one), or joins
    a type moved to the next line back to its marker (`???` + `downloads` →
    `??? downloads`) when that line holds the English type alone.
    """

    id = "TM302"
    name = "broken-admonition-header"
    summary = "An admonition or collapsible header is broken and does not render"
    severity = Severity.ERROR
    kinds = ("paragraph",)
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        target = pair.target
        if not isinstance(target, Block) or not target.raw:
            return
        first = target.raw.split("\n", 1)[0]
        match = HEADER_MARKER.match(first)
        if match is None:
            return
        if match.group(1).startswith("=") and pair.source is not None and pair.source.raw.lstrip().startswith("==="):
            return  # the English has the same text: not a translation defect (e.g. an escaped tab)
        if localized_quotes(first) is not None:
            return  # reported by localized-title-quotes
        expected = self._expected_header(pair, ctx)
        column = match.start(1) + 1
        hint = ""
        if expected is not None and expected.header_span is not None:
            line = ctx.alignment.source.source.lines[expected.header_span.start.line - 1].strip()
            hint = f'; English has "{line}"'
        span = Span(Pos(target.span.start.line, column), Pos(target.span.start.line, len(first) + 1))
        yield Report(
            f'"{first.strip()}" is not a valid header, so the site shows it as text{hint}',
            node=target,
            span=span,
            source=expected if expected is not None else pair.source,
            source_span=expected.header_span if expected is not None else None,
            fix=_header_fix(target, span, expected) if expected is not None else None,
        )

    @staticmethod
    def _expected_header(pair: Pair, ctx: RuleContext) -> Admonition | None:
        """The unpaired English admonition this paragraph stands for, in the counterpart container."""
        target = pair.target
        parent = ctx.counterpart(target.parent) if target is not None and target.parent is not None else None
        if parent is None:
            return None
        for node in parent.walk():
            if isinstance(node, Admonition) and node is not parent and node.header_span is not None:
                if ctx.counterpart(node) is None:
                    return node
        return None


_ODD_SPACE = lazy(r"^(!{3}|\?{3}\+?)[\s\u00a0\u2000-\u200b\u3000]+")


def _header_fix(target: Block, span: Span, expected: Admonition) -> Fix | None:
    """The header as Python-Markdown reads it: one space after the marker, the type on the marker's line."""
    first = target.raw.split("\n", 1)[0].strip()
    repaired = _ODD_SPACE.sub(r"\1 ", first)
    header = match_header(repaired)
    if header is not None and header[2].casefold() == expected.tag.casefold():
        return Fix.replace(span, repaired, f'write "{repaired}"')
    following = _next_sibling(target)
    if first not in ("???", "???+", "!!!") or not isinstance(following, Block) or following.kind != "paragraph":
        return None
    if following.raw.strip().casefold() != expected.tag.casefold():
        return None  # the type moved to the next line: joined back only when that line is the type alone
    repaired = f"{first} {following.raw.strip()}"
    end = Pos(following.span.start.line, len(following.raw.split("\n", 1)[0]) + 1)
    return Fix.replace(Span(span.start, end), repaired, f'write "{repaired}"')


# Quotes a translator (or Crowdin) may put around a title; the site only reads "…".
_QUOTES = str.maketrans(dict.fromkeys("«»‹›“”„‟‘’‚'「」『』＂", '"'))
_INDENTED = ("!!!", "???", "???+")


def localized_quotes(line: str) -> str | None:
    """The header `line` would be with straight quotes, when only its quotes keep it from being one."""
    stripped = line.strip()
    fixed = stripped.translate(_QUOTES)
    if fixed == stripped or match_header(stripped) is not None:
        return None
    quote = fixed.find('"')
    fixed = fixed[:quote].rstrip() + ' "' + fixed[quote + 1 :]  # CJK brackets need no space before them
    return fixed if match_header(fixed) is not None else None


class MissingAdmonitionType(Rule):
    """An admonition or collapsible has no type where English has one.

    ## What it does
    Flags `??? "Title"` (a collapsible with only a title), `<details markdown>`
    without a class and `<div class="admonition">` without a type, where the
    English counterpart has a type such as `downloads` or `warning`.

    ## Why is this bad?
    The site still renders a box, but a plain one: the downloads drop-down loses
    its icon and style, a warning its colour. Translation must keep the type
    keyword (`??? downloads "Scarica"`).

    ## Example
    ```markdown title="English"
    ??? downloads "Downloads"

        - [Android](https://play.google.com/store/apps/details?id=org.briarproject.briar.android)
    ```
    ```markdown title="Translation"
    ??? "Scarica"

        - [Android](https://play.google.com/store/apps/details?id=org.briarproject.briar.android)
    ```
    ```markdown title="Use instead"
    ??? downloads "Scarica"

        - [Android](https://play.google.com/store/apps/details?id=org.briarproject.briar.android)
    ```

    ## Fix
    Safe: writes the English type after the marker (`??? downloads "Scarica"`),
    into the `<div class="admonition">` class, or as the class of a
    `<details>` that has none; the translated title is kept.
    """

    id = "TM303"
    name = "missing-admonition-type"
    summary = "An admonition or collapsible lost its type keyword"
    severity = Severity.ERROR
    kinds = ("admonition",)
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if not isinstance(source, Admonition) or not isinstance(target, Admonition):
            return
        if target.tag or not source.tag:
            return
        yield Report(
            f'{_box(target)} has no type where English has "{source.tag}": the site shows a plain box '
            f'without the "{source.tag}" style',
            node=target,
            span=target.header_span,
            source=source,
            source_span=source.header_span,
            fix=_type_fix(ctx.alignment.target.source, target, source.tag),
        )


_DIV_CLASS = lazy(r"""(\bclass\s*=\s*["']\s*admonition)(?=\s*["'])""", re.I)
_DETAILS_OPEN = lazy(r"<details\b(?![^>]*\bclass\s*=)", re.I)


def _type_fix(src: SourceText, target: Admonition, tag: str) -> Fix | None:
    """The header with the English type written where its syntax takes it."""
    span = target.header_span
    if span is None or span.start.line != span.end.line:
        return None
    line = src.lines[span.start.line - 1]
    header = line[span.start.column - 1 : span.end.column - 1]
    marker = target.syntax
    if marker in ("!!!", "???", "???+") and header.startswith(marker):
        fixed = f"{marker} {tag}{header[len(marker) :]}"
    elif marker == "div":
        fixed = _DIV_CLASS.sub(lambda m: f"{m.group(1)} {tag}", header, count=1)
    elif marker == "details":
        fixed = _DETAILS_OPEN.sub(f'<details class="{tag}"', header, count=1)
    else:
        return None
    return Fix.replace(span, fixed, f'write the type "{tag}"') if fixed != header else None


def _box(node: Admonition) -> str:
    return "collapsible" if node.syntax in ("???", "???+", "details") else "admonition"


class UnindentedAdmonitionBody(Rule):
    """The body of an admonition is not indented, so it renders outside the box.

    ## What it does
    Flags an `!!!`/`???` admonition that holds fewer blocks than its English
    counterpart when the block right after it is the translation of its body:
    a paragraph that lost its four-space indentation.

    ## Why is this bad?
    Python-Markdown ends an admonition at the first line that is not indented:
    the box shows only its title, and the warning or the downloads list follows
    it as ordinary text.

    ## Example
    ```markdown title="English"
    !!! warning

        These messengers do not have [Forward Secrecy](https://en.wikipedia.org/wiki/Forward_secrecy).

    Profile pictures are not encrypted.
    ```
    ```markdown title="Translation"
    !!! warning

    Questi messenger non hanno la [Forward Secrecy](https://en.wikipedia.org/wiki/Forward_secrecy).

    Le immagini del profilo non sono crittografate.
    ```
    ```markdown title="Use instead"
    !!! warning

        Questi messenger non hanno la [Forward Secrecy](https://en.wikipedia.org/wiki/Forward_secrecy).

    Le immagini del profilo non sono crittografate.
    ```

    ## Fix
    Indents the block by 4 spaces, into the box, and the blocks after it that
    belong there too. Safe when each is the translation of a block of the
    English box; unsafe when one pairs with no English block (it is then only
    likely to belong there).
    """

    id = "TM304"
    name = "unindented-admonition-body"
    summary = "An admonition's body lost its indentation and renders outside the box"
    severity = Severity.ERROR
    kinds = ("admonition",)
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if not isinstance(source, Admonition) or not isinstance(target, Admonition):
            return
        if target.syntax not in _INDENTED or len(target.children) >= len(source.children):
            return
        fallen = _next_sibling(target)
        if fallen is None or isinstance(fallen, (Admonition, Section)):
            return
        home = ctx.counterpart(fallen)
        if home is not None and not _inside(home, source):
            return  # the next block is the translation of what follows the box in English
        after = _next_sibling(source)
        after_target = ctx.counterpart(after) if after is not None else None
        if after is not None and (after_target is None or after_target.span.start <= fallen.span.start):
            return  # cannot tell the body from the block after the box
        if home is None and all(ctx.counterpart(child) is not None for child in source.children):
            return  # every block of the English box is inside the translated one
        yield Report(
            f'this {fallen.label()} belongs in the "{source.tag}" box above but is not indented, '
            "so the site shows it outside the box (indent it by 4 spaces as in English)",
            node=fallen,
            source=source,
            fix=_indent(ctx, source, target, fallen, after_target),
        )


def _indent(ctx: RuleContext, source: Admonition, target: Admonition, fallen: Node, stop: Node | None) -> Fix:
    """Four spaces before each line that is not blank of the fallen block and of those after it that
    belong in the box too (at most as many as the box lacks): all at once, since indenting one
    brings the next to light. Unsafe if one of them pairs with no block of the English box."""
    blocks, safe = [], True
    node: Node | None = fallen
    while node is not None and len(blocks) < len(source.children) - len(target.children):
        if isinstance(node, (Admonition, Section)) or (stop is not None and node.span.start >= stop.span.start):
            break
        home = ctx.counterpart(node)
        if (home is not None and not _inside(home, source)) or (home is None and stop is None and blocks):
            break
        blocks.append(node)
        safe = safe and home is not None
        node = _next_sibling(node)
    src = ctx.alignment.target.source
    edits = []
    for block in blocks:
        end = block.span.end.line - (block.span.end.column == 1 and block.span.end.line > block.span.start.line)
        for number in range(block.span.start.line, end + 1):
            if src.lines[number - 1].strip():
                edits.append(Edit(Span(Pos(number, 1), Pos(number, 1)), "    "))
    return Fix(tuple(edits), SAFE if safe else UNSAFE, "indent the block by 4 spaces, into the box")


def _next_sibling(node: Node) -> Node | None:
    if node.parent is None:
        return None
    siblings = node.parent.children
    index = siblings.index(node)
    return siblings[index + 1] if index + 1 < len(siblings) else None


def _inside(node: Node, container: Node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent is container:
            return True
        parent = parent.parent
    return False


class LocalizedTitleQuotes(Rule):
    """An admonition, collapsible or tab title is in « », “ ” or 「 」 quotes instead of straight ones.

    ## What it does
    Flags a header such as `!!! note «Titolo»`, `??? tip „Tipp“` or
    `=== 「Android」` that would be valid with straight double quotes.

    ## Why is this bad?
    Python-Markdown only reads a title in `"…"`. With any other quotes the line is
    not a header at all: the site prints `!!! note «Titolo»` as text and shows the
    box's indented content as a code block. Typographic quotes belong inside the
    straight ones (`!!! note "«Titolo»"`).

    ## Example
    ```markdown title="English"
    !!! warning "Warning"

        Text.
    ```
    ```markdown title="Translation"
    !!! warning «Avviso»

        Testo.
    ```
    ```markdown title="Use instead"
    !!! warning "Avviso"

        Testo.
    ```

    ## Fix
    Safe: writes the title in straight double quotes, its translated text kept.
    """

    id = "TM308"
    name = "localized-title-quotes"
    summary = "A header's title is in localized quotes, so the header does not render"
    severity = Severity.ERROR
    kinds = ("paragraph",)
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        target = pair.target
        if not isinstance(target, Block) or not HEADER_MARKER.match(target.raw):
            return
        first = target.raw.split("\n", 1)[0]
        fixed = localized_quotes(first)
        if fixed is None:
            return
        written = first.strip()
        column = first.index(written) + 1
        line = target.span.start.line
        span = Span(Pos(line, column), Pos(line, column + len(written)))
        yield Report(
            f'title quotes in "{written}" are not straight double quotes: the site shows the line as text and '
            f"the box's content as a code block (write {fixed})",
            node=target,
            span=span,
            fix=Fix.replace(span, fixed, f"write {fixed}"),
        )


RULES = (
    TranslatedAdmonitionType,
    BrokenAdmonitionHeader,
    MissingAdmonitionType,
    UnindentedAdmonitionBody,
    LocalizedTitleQuotes,
)
