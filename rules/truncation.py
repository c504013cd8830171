"""TM109-TM110: translations that stop early.

A page whose last part is missing, and a paragraph cut off in the middle of a word or sentence.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from linter.align.aligner import Alignment, Pair
from linter.align.analysis import analysis
from linter.engine.findings import Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.langid import sentence_spans
from linter.parse.positions import Span
from linter.parse.tree import Node, Page, Section
from linter.patterns import lazy
from linter.records import Value

WORD = lazy(r"[^\W_]+")
# Where a sentence may end: . ! ? and their CJK forms, then closing quotes or brackets.
_SENTENCE_END = lazy(r"[.!?。！？…][\"'”’»)\]]*$")


# The family (Rule.family) of the rules that read where the translation stops (`cut_of_page`).
CUT = "cut"


class TruncatedPage(Rule):
    """The translation stops before the English page does.

    ## What it does
    Flags a translation whose last part is missing: after the last translated
    block that has an English counterpart, the English page goes on with text
    (paragraphs or sections) that the translation does not have anywhere, and
    the translation has no text of its own after that point. A cut-off export or
    file produces this.

    ## Why is this bad?
    Readers of the translation miss the end of the page without any sign that
    something is gone.

    ## Example
    ```markdown title="English"
    ## Signal

    Signal is a mobile app developed by Signal Messenger LLC.

    The app is free and open source.

    It supports disappearing messages.
    ```
    ```markdown title="Translation"
    ## Signal

    Signal è un'app sviluppata da Signal Messenger LLC.
    ```
    ```markdown title="Use instead"
    ## Signal

    Signal è un'app sviluppata da Signal Messenger LLC.

    L'app è libera e open source.

    Supporta i messaggi a scomparsa.
    ```
    """

    id = "TM109"
    family = CUT
    cost = 4
    name = "truncated-page"
    summary = "The translation stops before the end of the English page"
    severity = Severity.ERROR
    kinds = ("page",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        cut = cut_of_page(ctx.alignment)
        if cut is None:
            return
        first, tail = cut.tail[0], cut.tail
        parts = [_count(len(cut.paragraphs), "paragraph")] if cut.paragraphs else []
        if cut.sections:
            more = ", …" if len(cut.sections) > 3 else ""
            titles = ", ".join(repr(s.title) for s in cut.sections[:3])
            parts.append(f"{_count(len(cut.sections), 'section')} ({titles}{more})")
        yield Report(
            f"translation stops here; English goes on with {' and '.join(parts)} from line {first.span.start.line}",
            span=Span(cut.end.span.end, cut.end.span.end),
            source=first,
            source_span=Span(first.span.start, tail[-1].span.end),
        )


class _Cut(Value):
    """Where a translation stops short of its English page, and what English goes on with."""

    end: Node  # the last translated node with an English counterpart
    tail: list[Node]  # the English nodes after that counterpart, in reading order
    sections: list[Section]
    paragraphs: list[Node]

    __slots__ = ("end", "tail", "sections", "paragraphs")

    def __init__(self, end: Node, tail: list[Node], sections: list[Section], paragraphs: list[Node]) -> None:
        self.end = end
        self.tail = tail
        self.sections = sections
        self.paragraphs = paragraphs


@analysis
def cut_of_page(alignment: Alignment) -> _Cut | None:
    """The translation's cut, if it stops early; computed once per page for the rules it explains."""
    present = {p.source for p in alignment.pairs if p.source is not None and p.target is not None}
    english = _flow(alignment.source)
    last = next((index for index in range(len(english) - 1, -1, -1) if english[index] in present), None)
    if last is None:
        return None  # nothing in common: another problem than a cut
    tail = english[last + 1 :]
    sections = [node for node in tail if isinstance(node, Section)]
    paragraphs = [node for node in tail if node.kind == "paragraph" and len(WORD.findall(node.text)) >= 4]
    if not sections and not paragraphs:
        return None
    end = _counterpart_in(alignment, english[last])
    if end is None or _text_after(alignment.target, end) or _facts_kept(alignment, tail):
        return None  # the rest is there in another shape (exported as HTML, joined into one block)
    if not sections and _joined_into(end, english[last], paragraphs):
        return None
    return _Cut(end, tail, sections, paragraphs)


_JOINED_AT_MOST = 2  # English paragraphs a translator may have run into the last translated one


def _joined_into(end: Node, counterpart: Node, paragraphs: list[Node]) -> bool:
    """The last translated paragraph has the sentences of its English counterpart and of the few English
    paragraphs after it: the translator ran them together, nothing is cut off."""
    if len(paragraphs) > _JOINED_AT_MOST or end.kind != "paragraph":
        return False
    wanted = sum(len(sentence_spans(node.text)) for node in [counterpart, *paragraphs])
    return len(sentence_spans(end.text)) >= wanted


def _count(number: int, noun: str) -> str:
    return f"{number} more {noun}{'' if number == 1 else 's'}"


def _flow(page: Page) -> list[Node]:
    """The page's nodes in reading order, without footnotes (the parser puts them last, wherever written)."""
    nodes: list[Node] = []
    stack = list(reversed(page.root.children))
    while stack:
        node = stack.pop()
        if node.kind == "footnotes":
            continue
        nodes.append(node)
        stack.extend(reversed(node.children))
    return nodes


def _counterpart_in(alignment: Alignment, node: Node) -> Node | None:
    for pair in alignment.pairs:
        if pair.source is node and pair.target is not None:
            return pair.target
    return None


def _text_after(page: Page, end: Node) -> bool:
    """Whether the page has text after `end` (outside it)."""
    nodes = _flow(page)
    inside = set(end.walk())
    for node in nodes[nodes.index(end) + 1 :] if end in nodes else ():
        if node not in inside and (isinstance(node, Section) or len(WORD.findall(node.text)) >= 3):
            return True
    return False


def _facts_kept(alignment: Alignment, tail: list[Node]) -> bool:
    """Whether most URLs, code and images of the missing English part are somewhere in the translation."""
    wanted = [fact for node in tail if node.inline is not None for fact in node.inline.invariants()]
    if not wanted:
        return False
    have = set(alignment.target.root.invariants())
    return sum(fact in have for fact in wanted) * 2 >= len(wanted)


class CutOffParagraph(Rule):
    """A paragraph stops in the middle of a word or sentence.

    ## What it does
    Flags a paragraph that breaks off where its English counterpart goes on:
    text left in English that stops inside a word (`usable for priva`), often
    with something else glued on, and a translated paragraph that stops without
    ending its sentence while the sentence goes on, in lower case, in a
    paragraph of its own.

    ## Why is this bad?
    Readers get half a sentence; the rest of the text is lost or torn apart.

    ## Example
    ```markdown title="English"
    The audit concluded that the application is usable for privacy-concerned people.
    ```
    ```markdown title="Translation"
    The audit concluded that the application is usable for priva### Signal
    ```
    ```markdown title="Use instead"
    The audit concluded that the application is usable for privacy-concerned people.
    ```
    """

    id = "TM110"
    family = CUT
    cost = 2
    name = "cut-off-paragraph"
    summary = "A paragraph stops in the middle of a word or sentence"
    severity = Severity.ERROR
    kinds = ("paragraph",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if source is None and target is not None:
            yield from _split_before(target, ctx)
            return
        if source is None or target is None:
            return
        english, text = source.text.strip(), target.text.strip()
        if not english or not text or english == text:
            return
        cut = _cut_in_word(english, text)
        if cut is not None:
            yield Report(
                f'paragraph stops inside a word: "…{text[max(0, cut - 30) : cut]}"; '
                f'English goes on "{english[cut : cut + 30]}…"',
                node=target,
                source=source,
            )
            return
        if not text[-1].isalnum() or not _SENTENCE_END.search(english):
            return
        rest = _continuation(ctx.alignment, target)
        if rest is not None:
            yield Report(
                f'paragraph stops mid-sentence ("…{text[-30:]}"); the sentence goes on in a paragraph '
                f'of its own at line {rest.span.start.line} ("{rest.text[:30]}…")',
                node=target,
                source=source,
            )


_SPLIT_MIN_WORDS = 5  # an unpaired line shorter than this may be a label, not half a sentence


def _split_before(target: Node, ctx: RuleContext) -> Iterator[Report]:
    """An unpaired paragraph that stops mid-sentence before the paragraph the aligner paired with English,
    which goes on in lower case: one English paragraph split in two, its first half unrecognised."""
    text = target.text.strip()
    following = _next_siblings(ctx.alignment).get(target)
    if not text or not text[-1].isalnum() or len(WORD.findall(text)) < _SPLIT_MIN_WORDS or following is None:
        return
    english = ctx.alignment.counterpart(following)
    if following.kind == "paragraph" and following.text[:1].islower() and english is not None:
        yield Report(
            f'paragraph stops mid-sentence ("…{text[-30:]}"); the sentence goes on in a paragraph '
            f'of its own at line {following.span.start.line} ("{following.text[:30]}…")',
            node=target,
            source=english,
        )


def _cut_in_word(english: str, text: str) -> int | None:
    """Where `text`, English up to there, breaks off inside an English word; None if it does not."""
    cut = len(posixpath.commonprefix([english, text]))
    if cut < 20 or cut >= len(english) or not (english[cut - 1].isalnum() and english[cut].isalnum()):
        return None
    glued = text[cut:].strip()
    if glued[:1].isalnum() or len(glued) > 30:
        return None  # the text goes on: a word spelled otherwise, or a translation sharing a prefix
    if glued and glued in english[cut:]:
        return None  # the English inserted letters; the translation's rest follows as in English
    if glued[:1] in "'’" and glued[1:2].isalpha():
        return None  # a suffix after an apostrophe continues the word (Turkish "response’lar")
    return cut


def _continuation(alignment: Alignment, node: Node) -> Node | None:
    """The next sibling, when it is an unpaired paragraph that starts in lower case."""
    following = _next_siblings(alignment).get(node)
    if following is None or following.kind != "paragraph" or alignment.counterpart(following) is not None:
        return None
    return following if following.text[:1].islower() else None


@analysis
def _next_siblings(alignment: Alignment) -> dict[Node, Node]:
    """Each node of the translation to the node after it, built once per page (not a scan per paragraph)."""
    found: dict[Node, Node] = {}
    for parent in alignment.target.root.walk():
        found.update(zip(parent.children, parent.children[1:], strict=False))
    return found


RULES = (
    TruncatedPage,
    CutOffParagraph,
)
