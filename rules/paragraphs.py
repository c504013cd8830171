"""TM40x: text left in English: a whole paragraph, some sentences of one, or a whole page.

Crowdin translates sentence by sentence and exports an untranslated string as the
English source, so English left in a translation is nearly always verbatim English.
Cheap evidence decides first (the paragraph or sentence occurs in the English page;
its letters are not Latin); the language detector runs only on Latin-script sentences
that are not verbatim English (stale text, and every sentence of a Latin-script
translation).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from linter.align.aligner import Alignment, Pair
from linter.align.analysis import analysis
from linter.engine.findings import Severity
from linter.engine.rule import Option, Report, Rule, RuleContext
from linter.parse.langid import sentence_spans
from linter.parse.positions import Pos, Span
from linter.parse.tree import Block, Node

# A word: two letters or more, or one kana or Han character (Japanese and Chinese need no spaces).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
_WORD = re.compile(rf"[{_CJK}]|[^\W\d_{_CJK}]{{2,}}")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_OTHER_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]")
_SPACE = re.compile(r"\s+")
# What starts a paragraph's line but is the container's, not the text's.
_LINE_PREFIX = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*")
_LIST_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
# Markup a reader does not see, removed (or reduced to its label) to get the text as read.
_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_IMAGE = re.compile(r"!\[[^\]]*\](?:\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)|\[[^\]]*\])?")
_LINK = re.compile(r"\[([^\]]*)\](?:\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)|\[[^\]]*\])")
_NOISE = re.compile(
    r"(?=[\[{:<\]h(*~=^_\\])(?:"  # (what all of these start with: fails fast elsewhere)
    r"\[\^[^\]]+\]"  # footnote reference
    r"|\{[^{}\n]*\}"  # attribute list
    r"|:(?=[a-z0-9_+-]*[a-z])[a-z0-9_+-]+:"  # icon or emoji shortcode
    r"|</?[A-Za-z][^<>]*>"  # inline HTML, autolinks
    r"|\]\((?:[^()\s]|\([^()]*\))*\)"  # a link target left without its label
    r"|https?://\S+|\([^()\s]*[/#][^()\s]*\)"  # a bare URL or path
    r"|\*+|~~|==|\^\^|(?<!\w)_+|_+(?!\w)"  # emphasis, strike-through, highlight, insert
    r"|\\(?=[\\`*_{}\[\]()#+\-.!|>~=^])"  # escapes
    r")"
)
# Link destinations, dropped from quotes so that the words stay readable.
_LINK_TARGET = re.compile(r"\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)(?:\{[^{}\n]*\})?")
_PARENTHESES = re.compile(r"\([^()]*\)")
_QUOTED = re.compile(r"[\"“„«‘'].*[\"”“»’']\W*", re.S)


def words(text: str, limit: int = 10) -> int:
    """How many words `text` has, counting no further than `limit` (callers only compare with small numbers)."""
    return sum(1 for _ in itertools.islice(_WORD.finditer(text), limit))


@functools.lru_cache(maxsize=16384)
def plain(raw: str, links: bool = True) -> str:
    """Text as a reader sees it: markup, URLs, code and icons removed; `links=False` drops link labels too.

    Cached: an English paragraph is read once for every language.
    """
    text = _CODE.sub(" ", raw)
    text = _IMAGE.sub(" ", text)
    text = _LINK.sub(r"\1" if links else " ", text)
    return " ".join(_NOISE.sub("", text).split())


def quote(raw: str, limit: int = 70) -> str:
    """A sentence as written, for a message: markup and code kept, link destinations dropped."""
    text = _SPACE.sub(" ", _LINK_TARGET.sub("]", raw)).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@functools.lru_cache(maxsize=16384)
def _unwrap(raw: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """A block's lines without container indentation and markers: (content, line starts, cut columns)."""
    parts: list[str] = []
    starts: list[int] = []
    cuts: list[int] = []
    offset = 0
    for index, line in enumerate(raw.split("\n")):
        cut = _LINE_PREFIX.match(line).end()  # type: ignore[union-attr]  # always matches
        if index == 0:
            marker = _LIST_MARKER.match(line, cut)
            cut = marker.end() if marker else cut
        starts.append(offset)
        cuts.append(cut)
        parts.append(line[cut:])
        offset += len(line) - cut + 1
    return "\n".join(parts), tuple(starts), tuple(cuts)


@functools.lru_cache(maxsize=16384)
def _sentence_texts(raw: str) -> tuple[str, ...]:
    """The sentences of a block as read."""
    content = _unwrap(raw)[0]
    return tuple(plain(content[a:b]) for a, b in sentence_spans(content))


@dataclass(frozen=True)
class Prose:
    """A paragraph's text as written, without the indentation and markers of its containers."""

    content: str
    _starts: tuple[int, ...]  # offset in `content` where each line starts
    _cuts: tuple[int, ...]  # columns cut from each line (0-based)
    _line: int  # the file line of the first line

    @classmethod
    def of(cls, node: Node) -> Prose:
        return cls(*_unwrap(node.raw if isinstance(node, Block) else ""), node.span.start.line)

    def pos(self, offset: int) -> Pos:
        index = bisect.bisect_right(self._starts, offset) - 1
        return Pos(self._line + index, self._cuts[index] + offset - self._starts[index] + 1)

    def sentences(self) -> list[tuple[str, Span]]:
        return [(self.content[a:b], Span(self.pos(a), self.pos(b))) for a, b in sentence_spans(self.content)]


@dataclass(frozen=True)
class Untranslated:
    """A translated paragraph with English left in it: wholly, or in some sentences."""

    node: Node
    source: Node | None
    english: tuple[tuple[str, Span], ...]  # the English sentences as written, where they are
    total: int  # sentences with enough words to judge
    whole: bool


def _non_latin(text: str) -> bool:
    """Letters of another script (Cyrillic, Hebrew, CJK…) in it: at least partly translated."""
    return sum(1 for _ in itertools.islice(_OTHER_LETTER.finditer(text), 3)) == 3


def _prose_words(node: Node, limit: int) -> int:
    """Words of the text (up to `limit`), or 0 for a line of links (a list of labels, a video title)."""
    content = Prose.of(node).content
    if not _WORD.search(_PARENTHESES.sub(" ", plain(content, links=False))):
        return 0
    return words(plain(content), limit)


@analysis
def _english_sentences(alignment: Alignment) -> frozenset[str]:
    """Every sentence of the English page, as read; computed once per pair."""
    return frozenset(
        sentence
        for node in alignment.source.root.walk()
        if node.kind == "paragraph" and isinstance(node, Block)
        for sentence in _sentence_texts(node.raw)
    )


def _is_english(text: str, verbatim: bool, ctx: RuleContext, min_words: int) -> bool | None:
    """True/False when the sentence is English or not; None when it is too short to tell."""
    if _non_latin(text):
        return False  # another script: translated, whatever the detector would say
    count = words(text, max(min_words, 10))
    if count < min_words or not _LATIN_LETTER.search(text):
        return None
    if verbatim and count >= 8:
        return True  # long and verbatim from the English page: no need to ask the detector
    if not verbatim and count < 10:
        return False  # too short for the detector alone: Dutch and Spanish UI labels score as English
    return ctx.is_english(text)


_NEUTRAL = "neutral"  # the same as English, but without language: a name, a list of products


def _judge(pair: Pair, ctx: RuleContext, min_words: int) -> Untranslated | str | None:
    """What is English in a translated paragraph; None when nothing is."""
    target = pair.target
    assert target is not None
    source = pair.source
    sentences = Prose.of(target).sentences()
    if source is not None and source.text == target.text:
        if _is_english(target.text, True, ctx, min_words):
            return Untranslated(target, source, tuple(sentences), len(sentences), whole=True)
        return _NEUTRAL
    english_page = _english_sentences(ctx.alignment)
    english: list[tuple[str, Span]] = []
    other = 0
    for raw, span in sentences:
        text = plain(raw)
        if _QUOTED.fullmatch(text):
            continue  # a quotation may stay in its language
        verdict = _is_english(text, text in english_page, ctx, min_words)
        if verdict:
            english.append((raw, span))
        elif verdict is not None:
            other += 1
    if not english:
        return None
    return Untranslated(target, source, tuple(english), len(english) + other, whole=not other)


@dataclass(frozen=True)
class _Survey:
    untranslated: list[Untranslated]
    translatable: int  # paragraphs with text to translate: not labels, names or lines of links


def _survey(ctx: RuleContext) -> _Survey:
    """Every translated paragraph with English left in it; computed once per page."""
    min_words = ctx.options["min-words"]
    key = ("untranslated", min_words)
    found = ctx.alignment.cache.get(key)
    if found is None:
        untranslated: list[Untranslated] = []
        translatable = 0
        for pair in ctx.alignment.pairs_of("paragraph"):
            target = pair.target
            if (
                target is None
                or words(target.text, min_words) < min_words
                or _prose_words(target, min_words) < min_words
            ):
                continue
            judged = _judge(pair, ctx, min_words) if _LATIN_LETTER.search(target.text) else None
            if judged is _NEUTRAL:
                continue
            translatable += 1
            if isinstance(judged, Untranslated):
                untranslated.append(judged)
        found = ctx.alignment.cache[key] = _Survey(untranslated, translatable)
    return found


def _page_untranslated(ctx: RuleContext) -> tuple[int, int] | None:
    """(English paragraphs, translatable paragraphs) when the page as a whole is English."""
    survey = _survey(ctx)
    whole = sum(item.whole for item in survey.untranslated)
    if survey.translatable >= 3 and whole >= ctx.options["page-share"] * survey.translatable:
        return whole, survey.translatable
    return None


_OPTIONS = {
    "min-words": Option(4, int, "Ignore text with fewer words than this (product names, labels)"),
    "page-share": Option(0.9, float, "Share of English paragraphs from which the page counts as untranslated"),
}


class UntranslatedParagraph(Rule):
    """A paragraph of the translation is still wholly in English.

    ## What it does
    Flags a translated paragraph that is identical to its English counterpart,
    or whose every sentence is English (verbatim from the English page, or
    detected as English). Text that is the same in every language by design
    is not flagged: product names and other short labels, lines of links,
    code, numbers. When nearly the whole page is English, one
    `untranslated-page` finding replaces these; a paragraph with only some
    sentences left in English is `partly-translated-paragraph`.

    ## Why is this bad?
    Readers of the translation get English text. It is translation progress
    rather than breakage, hence the default severity `info`.

    ## Example
    ```markdown title="English"
    These messengers are great for securing your sensitive communications.
    ```
    ```markdown title="Translation"
    These messengers are great for securing your sensitive communications.
    ```
    ```markdown title="Use instead"
    Questi messenger sono ottimi per proteggere le tue comunicazioni sensibili.
    ```

    ## Known false positives
    A paragraph the translator kept in English on purpose (a quotation, a
    title of a work, a list of names long enough to look like a sentence).
    """

    id = "TM401"
    name = "untranslated-paragraph"
    summary = "A paragraph is still in English"
    severity = Severity.INFO
    kinds = ("page",)
    options = _OPTIONS

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        if _page_untranslated(ctx):
            return
        for item in _survey(ctx).untranslated:
            if item.whole:
                text = Prose.of(item.node).content
                yield Report(f'paragraph is still English: "{quote(text)}"', node=item.node, source=item.source)


class UntranslatedPage(Rule):
    """The whole page is still in English.

    ## What it does
    Reports once, at the top of the page, when nearly every translatable
    paragraph is still English.

    ## Why is this bad?
    Nothing is wrong with the markup; the page simply has not been translated
    yet. One finding per page keeps reports readable.

    ## Example
    ```markdown title="English"
    Signal is a mobile app developed by Signal Messenger LLC.

    All communications are end-to-end encrypted by default.

    The protocol was independently audited in 2016.
    ```
    ```markdown title="Translation"
    Signal is a mobile app developed by Signal Messenger LLC.

    All communications are end-to-end encrypted by default.

    The protocol was independently audited in 2016.
    ```
    ```markdown title="Use instead"
    Signal è un'app sviluppata da Signal Messenger LLC.

    Tutte le comunicazioni sono crittografate end-to-end.

    Il protocollo è stato verificato nel 2016.
    ```
    """

    id = "TM402"
    name = "untranslated-page"
    summary = "The whole page is still in English"
    severity = Severity.INFO
    kinds = ("page",)
    options = _OPTIONS

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        counts = _page_untranslated(ctx)
        if counts is not None:
            yield Report(
                f"page is not translated yet: {counts[0]} of {counts[1]} paragraphs are English",
                span=Span(Pos(1, 1), Pos(1, 1)),
            )


class PartlyTranslatedParagraph(Rule):
    """Some sentences of a translated paragraph are still in English.

    ## What it does
    Checks each sentence of a translated paragraph (Crowdin translates
    sentence by sentence) and flags the paragraph when some sentences are
    translated and others are still English. The finding points at the first
    English sentence and quotes the English ones as written.

    ## Why is this bad?
    Readers get a paragraph that switches language midway, and the English
    sentences are easy to miss in review because the paragraph looks
    translated. It is translation progress, hence the default severity `info`.

    ## Example
    ```markdown title="English"
    The protocol was audited in 2016. The specification is in their documentation.
    ```
    ```markdown title="Translation"
    Il protocollo è stato verificato nel 2016. The specification is in their documentation.
    ```
    ```markdown title="Use instead"
    Il protocollo è stato verificato nel 2016. Le specifiche sono nella loro documentazione.
    ```

    ## Known false positives
    An English quotation or title inside translated text, when it is not
    wrapped in quotation marks.
    """

    id = "TM403"
    name = "partly-translated-paragraph"
    summary = "Some sentences of a translated paragraph are still in English"
    severity = Severity.INFO
    kinds = ("page",)
    options = _OPTIONS

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        for item in _survey(ctx).untranslated:
            if item.whole:
                continue
            shown = ", ".join(f'"{quote(raw)}"' for raw, _ in item.english[:2])
            more = len(item.english) - 2
            yield Report(
                f"{len(item.english)} of {item.total} sentences are still English: {shown}"
                + (f" and {more} more" if more > 0 else ""),
                node=item.node,
                span=item.english[0][1],
                source=item.source,
            )


RULES = (UntranslatedParagraph, UntranslatedPage, PartlyTranslatedParagraph)
