"""Which translated paragraphs still hold English, judged once per page for the TM40x rules.

Each paragraph with enough words is judged wholly English, partly English (some sentences), a
name or list of names that reads the same in every language, or translated; a wholly English
paragraph is current when today's English page has its words in that order, else stale.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from linter.align.aligner import Alignment, Pair
from linter.align.analysis import context_analysis, page_analysis
from linter.engine.cache import digest
from linter.engine.rule import RuleContext
from linter.parse.langid import sentence_spans
from linter.parse.positions import Span
from linter.parse.tree import Admonition, Block, Node, Page
from linter.patterns import lazy
from linter.records import Value

from .prose import WORD, Prose, non_latin, plain, prose_words, sentence_texts, words

_LATIN_LETTER = lazy(r"[A-Za-z\u00c0-\u024f]")
_TOKEN = lazy(r"\w+")


_CLAUSE_END = lazy(r"(?<=[.!?;:])\s+")  # where a broken export may have dropped a sentence
_FINISHED = lazy(r"[.!?:;)\]\"”’»]\s*$")
# A definition's label a broken export left in the text; no "[" inside, so "[^[^[^…" is read in one pass.
_FOOTNOTE_LABEL = lazy(r"\[\^[^\]\s\[]+\]")
_OPENING_QUOTES, _CLOSING_QUOTES = "\"“„«‘'", "\"”“»’'"
_NON_WORDS = lazy(r"\W*")


def _is_quotation(text: str) -> bool:
    """`text` is one quotation, punctuation after it aside.

    (A regex tried every quote mark of a run against the rest of the text: quadratic.)
    """
    if len(text) < 2 or text[0] not in _OPENING_QUOTES:
        return False
    tail = len(text) - _NON_WORDS.match(text[::-1]).end()  # where the closing punctuation begins
    return any(char in _CLOSING_QUOTES for char in text[max(tail, 1) :])


class Untranslated(Value):
    """A translated paragraph with English left in it: wholly, or in some sentences."""

    node: Node
    source: Node | None
    english: tuple[tuple[str, Span], ...]  # the English sentences as written, where they are
    total: int  # sentences with enough words to judge
    whole: bool
    current: bool  # every sentence is in today's English page (for a whole paragraph)
    stale: tuple[tuple[str, Span], ...]  # English sentences today's page no longer has (partly translated)

    __slots__ = ("node", "source", "english", "total", "whole", "current", "stale")

    def __init__(
        self,
        node: Node,
        source: Node | None,
        english: tuple[tuple[str, Span], ...],
        total: int,
        whole: bool,
        current: bool = True,
        stale: tuple[tuple[str, Span], ...] = (),
    ) -> None:
        self.node = node
        self.source = source
        self.english = english
        self.total = total
        self.whole = whole
        self.current = current
        self.stale = stale


@page_analysis
def english_sentences(page: Page) -> frozenset[str]:
    """Every sentence of the English page, as read; computed once per page."""
    return frozenset(
        sentence
        for node in page.root.walk()
        if node.kind == "paragraph" and isinstance(node, Block)
        for sentence in sentence_texts(node.raw)
    )


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_FOOTNOTE_LABEL.sub(" ", text))


def _trigrams(words: list[str]) -> list[tuple[str, ...]]:
    return [tuple(words[i : i + 3]) for i in range(len(words) - 2)]


class _EnglishWords(Value):
    """The English page's words, as untranslated text is recognised by them."""

    trigrams: frozenset[tuple[str, ...]]  # every run of three words as read, across blocks, front matter included
    vocabulary: frozenset[str]  # every word of the page, folded
    keywords: frozenset[str]  # admonition types, which a broken header leaves in the text (stray-admonition-keyword)

    __slots__ = ("trigrams", "vocabulary", "keywords")

    def __init__(
        self, trigrams: frozenset[tuple[str, ...]], vocabulary: frozenset[str], keywords: frozenset[str]
    ) -> None:
        self.trigrams = trigrams
        self.vocabulary = vocabulary
        self.keywords = keywords


@page_analysis
def _english_words(page: Page) -> _EnglishWords:
    """The English page's words, computed once per page."""
    data = page.front_matter.data if page.front_matter is not None else {}
    # As read, the way translated text is compared: icons and markup left out.
    texts = [f"{key}: {value}" for key, value in data.items()] + [plain(n.text) for n in page.root.walk() if n.text]
    keywords = frozenset(n.tag.lower() for n in page.root.walk() if isinstance(n, Admonition))
    tokens = _tokens(" ".join(texts).lower())
    return _EnglishWords(frozenset(_trigrams(tokens)), frozenset(tokens), keywords)


def _is_current(text: str, ctx: RuleContext) -> bool:
    """Not English of another version: today's English page has each clause of `text` (as read) in this
    order, or the words it lacks (with their neighbours) are not English but translated words in an English
    sentence. What broken exports do is no evidence: paragraphs run together, sentences dropped (a stray
    admonition keyword may stand in their place), the end of a paragraph cut off.
    """
    english = _english_words(ctx.alignment.source)
    lacking: list[str] = []
    for part in _CLAUSE_END.split(text):
        words: list[str] = []
        for word in [*_tokens(part), ""]:
            if word and word.lower() not in english.keywords:
                words.append(word)
                continue
            runs = _trigrams([w.lower() for w in words])
            missing = {i + k for i, run in enumerate(runs) if run not in english.trigrams for k in range(3)}
            lacking += [words[i] for i in sorted(missing)]
            words = []
    if lacking and not _FINISHED.search(text) and _tokens(text)[-len(lacking) :] == lacking:
        return True  # only the unfinished end differs: cut off (cut-off-paragraph), not another version
    return not lacking or not ctx.is_english(" ".join(lacking))


def last_seen(node: Node, ctx: RuleContext) -> Any:
    """The English revision that last had this text, and the one that changed it; None without history."""
    return ctx.history.last_seen(ctx.alignment, node.text) if ctx.history is not None else None


def _grown(pair: Pair) -> bool:
    """The translation has only some of its counterpart's sentences: English added some since, or the export
    dropped them (only the history tells which)."""
    source, target = pair.source, pair.target
    if not isinstance(source, Block) or target is None or pair.how in ("joined", "split"):
        return False  # a paragraph a broken export split in two has the rest beside it
    have = {plain(raw) for raw, _ in Prose.of(target).sentences()}
    return have < {plain(raw) for raw, _ in Prose.of(source).sentences()}


def _is_english(text: str, verbatim: bool, ctx: RuleContext, min_words: int, beside: bool = False) -> bool | None:
    """True/False when the sentence is English or not; None when it is too short to tell. `beside`: a sentence
    next to it is verbatim English, so one English grammar word is evidence enough for a short one, and a
    few words verbatim from the English page are English too."""
    verdict = _english_verdict(ctx.alignment.source, text, verbatim, min_words, beside)
    return ctx.is_english(text) if isinstance(verdict, _Ask) else verdict


class _Ask:
    """The detector is to tell."""


_ASK = _Ask()


@page_analysis
def _english_verdict(page: Page, text: str, verbatim: bool, min_words: int, beside: bool) -> bool | _Ask | None:
    """`_is_english` up to the detector (`_ASK`), worked out once per English page: the same English left in
    every language reads the same. The detector is asked for each page, which keeps its answers (engine/memo.py)."""
    if non_latin(text):
        return False  # another script: translated, whatever the detector would say
    count = words(text, max(min_words, 10))
    if not _LATIN_LETTER.search(text):
        return None
    if count < min_words:
        # Too short for any evidence but this: Crowdin left it as English wrote it, beside English it left
        # ("But **everything helps**." before an English sentence); a name has no lower-case word.
        return True if verbatim and beside and count >= 2 and any(map(str.islower, _tokens(text))) else None
    tokens = _lower_words(text)
    grammar = not _GRAMMAR.isdisjoint(tokens)
    if verbatim and count >= 8 and grammar:
        return True  # long and verbatim from the English page: no need to ask the detector (but of "Lorem ipsum")
    if not verbatim and count < 10 and not _english_vocabulary(tokens, page, 1 if beside else 2):
        return False  # too short for the detector alone: Dutch and Spanish UI labels score as English
    if not verbatim and not grammar and not _english_vocabulary(tokens, page, 0, 1.0):
        # no English grammar word, and words English never uses: its terms in another language's grammar
        return False  # ("GitHub Actions tabanlı CI ve CD"), which the detector reads as English
    return _ASK


_VOCABULARY_SHARE = 0.8  # share of a short sentence's words the English page must have to ask the detector
# English grammar words that are no word of the site's other languages ("is", "was", "as", "on", "to", "in",
# "an", "or", "has", "will", "no" are Dutch, German, Portuguese, French, Polish or Spanish words too).
_GRAMMAR = frozenset(
    "the this these those are be been have had should must can could would may your you our we they their "
    "its for with from by of and not that which than".split()
)


def _lower_words(text: str) -> list[str]:
    return [token.lower() for token in _tokens(text) if WORD.fullmatch(token)]


def _english_vocabulary(tokens: list[str], page: Page, grammar: int, share: float = _VOCABULARY_SHARE) -> bool:
    """A sentence (its `_lower_words`) that reads as English of another version ("Should have Perfect Forward
    Secrecy."): `grammar` English grammar words in it, and nearly every word (`share`) one the English page uses.
    A translated label keeps only names and terms from English ("Respostas CORS, GZip, Static Files"), which fool
    the detector."""
    if len(_GRAMMAR.intersection(tokens)) < grammar:
        return False
    vocabulary = _english_words(page).vocabulary
    return sum(token in vocabulary for token in tokens) >= share * len(tokens)


# A word in lower case: names (Visual Studio Code, Microsoft SQL Server) are capitalised.
_COMMON_WORD = lazy(r"(?<![\w'’-])[a-z][a-z'-]+")
_FIRST_WORD = lazy(r"\W*([A-Za-z]+)")


@context_analysis
def _own_words(ctx: RuleContext) -> frozenset[str]:
    """The lower-case words of the translation's own sentences (another script, or not English by the
    detector): words its language has. Computed once per pair, only when a paragraph asks."""
    own: set[str] = set()
    for pair in ctx.alignment.pairs_of("paragraph"):
        if pair.target is None or (pair.source is not None and pair.source.text == pair.target.text):
            continue
        for raw, _ in Prose.of(pair.target).sentences():
            text = plain(raw)
            if non_latin(text) or words(text, 4) >= 4 and not ctx.is_english(text):
                own.update(_COMMON_WORD.findall(text))
    return frozenset(own)


@page_analysis
def _english_common_words(page: Page) -> frozenset[str]:
    """The words the English page writes in lower case: common words, not names."""
    return frozenset(word for node in page.root.walk() for word in _COMMON_WORD.findall(node.text or ""))


@page_analysis
def _common_words(page: Page, content: str) -> tuple[str, ...]:
    """The common words of a paragraph as read, once per English page and text. A capital first word the
    English page writes in lower case elsewhere (`Turn on`) is a common word."""
    text = plain(content)
    common = _COMMON_WORD.findall(text)
    first = _FIRST_WORD.match(text)
    if first and first.group(1)[0].isupper() and first.group(1).lower() in _english_common_words(page):
        common.append(first.group(1).lower())
    return tuple(common)


def _lone_common_word(page: Page, content: str) -> str | None:
    """The one common word of a paragraph of names (`Microsoft SQL Server, etc.`, German `in [Visual Studio
    Code]:`), else None."""
    common = _common_words(page, content)
    return common[0] if len(common) == 1 else None


_JOINING_LETTERS = 3  # the longest word a title-case name keeps in lower case ("in", "of", "for", "on")


def _titled_name(content: str, word: str) -> bool:
    """`content` reads as a title-case name whose one lower-case word is `word`, short and between capitalised
    words ("Docker in Swarm Mode"); "Select **Delete advertising ID**" is no such name."""
    tokens = _tokens(plain(content))
    return (
        len(word) <= _JOINING_LETTERS
        and word in tokens[1:-1]
        and all(token == word or not token[0].islower() for token in tokens)
    )


_NAMES = 2  # items kept as English wrote them that make a list one of names


def _among_names(pair: Pair, word: str, page: Page) -> bool:
    """The paragraph, the same as English, is a title-case name in a list of names: its list's other items that
    the translation kept as English wrote them have no common word (Docker, Kubernetes, Systemd), two at least.
    In a list of steps the items a translator kept have common words ("Turn on **Remove unused IDs**"), and a lone
    step has no siblings ("Turn on **Advanced Data Protection**")."""
    target, source = pair.target, pair.source
    assert target is not None and source is not None
    if not _titled_name(Prose.of(target).content, word):
        return False
    english = {node.text for node in _item_paragraphs(source)}
    kept = [node for node in _item_paragraphs(target) if node is not target and node.text and node.text in english]
    return len(kept) >= _NAMES and not any(_common_words(page, Prose.of(node).content) for node in kept)


def _item_paragraphs(paragraph: Node) -> list[Node]:
    """The paragraphs of the items of the list `paragraph` is an item of (none when it is not one)."""
    item = paragraph.parent
    if item is None or item.kind != "item" or item.parent is None or item.parent.kind != "list":
        return []
    return [node for sibling in item.parent.children for node in sibling.children if node.kind == "paragraph"]


_NEUTRAL = "neutral"  # the same as English, but without language: a name, a list of products


# What the survey found of a paragraph, as the page's memo keeps it (engine/memo.py: tuples, numbers, text):
# _SKIP: not counted: too few words to judge, or the same as English in no language (names, products);
# _TRANSLATED: a paragraph to translate with no English left in it;
# ("verbatim", sentences, word): the English paragraph itself, in English unless `word` (the one common word
#   of a paragraph of names) is a word of the translation's own language;
# ("whole", sentences, current, grown): every sentence English, of today's English page as far as the text
#   tells (`current`); when the translation has only some of its counterpart's sentences (`grown`), the
#   history tells whether English added them;
# ("partly", sentences, total, stale): the English sentences among `total` judged, and the indices of those
#   today's page no longer has.
# A sentence is its (start, end) in the paragraph's prose, placed in the file when the verdict is read.
_SKIP, _TRANSLATED = 0, 1


def _verdict(pair: Pair, ctx: RuleContext, min_words: int) -> Any:
    """What is English in a translated paragraph: the inputs of its findings the page's memo keeps."""
    target = pair.target
    assert target is not None
    if words(target.text, min_words) < min_words or prose_words(target, min_words) < min_words:
        return _SKIP
    if not _LATIN_LETTER.search(target.text):
        return _TRANSLATED
    source = pair.source
    prose = Prose.of(target)
    if source is not None and source.text == target.text:
        if not _is_english(target.text, True, ctx, min_words):
            return _SKIP
        offsets = tuple(sentence_spans(prose.content))
        return "verbatim", offsets, _lone_common_word(ctx.alignment.source, prose.content)
    english_page = english_sentences(ctx.alignment.source)
    offsets = tuple(sentence_spans(prose.content))
    texts = [plain(prose.content[start:end]) for start, end in offsets]
    verbatim = [text in english_page for text in texts]
    english: list[tuple[int, int]] = []
    other = 0
    for index, text in enumerate(texts):
        if _is_quotation(text):
            continue  # a quotation may stay in its language
        beside = any(verbatim[max(index - 1, 0) : index]) or any(verbatim[index + 1 : index + 2])
        verdict = _is_english(text, verbatim[index], ctx, min_words, beside)
        if verdict:
            english.append(offsets[index])
        elif verdict is not None:
            other += 1
    if not english:
        return _TRANSLATED
    if other:
        stale = tuple(
            i for i, (start, end) in enumerate(english) if not _is_current(plain(prose.content[start:end]), ctx)
        )
        return "partly", tuple(english), len(english) + other, stale
    current = _is_current(plain(prose.content), ctx)
    return "whole", tuple(english), current, current and _grown(pair)


def _verdict_key(pair: Pair, ctx: RuleContext, min_words: int) -> str:
    """Everything a paragraph's verdict reads but the detector (whose model the memo's key holds): the
    English page, the paragraph and its counterpart as written and as read, and how they were paired."""
    target, source = pair.target, pair.source
    assert target is not None
    parts = [_page_digest(ctx.alignment.source), str(min_words), pair.how, target.text, _raw(target)]
    if source is not None:
        parts += [type(source).__name__, source.text, _raw(source)]
    return digest(*parts)


def _raw(node: Node) -> str:
    return node.raw if isinstance(node, Block) else ""


@page_analysis
def _page_digest(page: Page) -> str:
    return digest(page.source.text)


def _is_verdict(value: Any) -> bool:
    """Whether a stored answer has a verdict's shape (anything else is judged again)."""
    if value in (_SKIP, _TRANSLATED) and type(value) is int:
        return True
    if not isinstance(value, tuple) or not value or value[0] not in ("verbatim", "whole", "partly") or len(value) < 3:
        return False
    kind, sentences, *rest = value
    if not (isinstance(sentences, tuple) and all(_is_offsets(pair) for pair in sentences)):
        return False
    if kind == "verbatim":
        return len(rest) == 1 and (rest[0] is None or type(rest[0]) is str)
    if kind == "whole":
        return len(rest) == 2 and all(type(flag) is bool for flag in rest)
    total, stale = rest if len(rest) == 2 else (None, None)
    return (
        type(total) is int
        and isinstance(stale, tuple)
        and all(type(i) is int and 0 <= i < len(sentences) for i in stale)
    )


def _is_offsets(value: Any) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and all(type(v) is int for v in value)


def _judged(verdict: Any, pair: Pair, ctx: RuleContext) -> Untranslated | str | None:
    """A paragraph's verdict placed in today's file: what is English in it (None when nothing is, _NEUTRAL
    when it reads the same in every language), with what the memo cannot keep (the translation's own words,
    the history) asked now."""
    if verdict == _TRANSLATED:
        return None
    target, source = pair.target, pair.source
    assert target is not None
    if verdict == _SKIP:
        return _NEUTRAL
    kind, offsets, *rest = verdict
    prose = Prose.of(target)
    english = tuple((prose.content[start:end], prose.span(start, end)) for start, end in offsets)
    if kind == "verbatim":
        word = rest[0]
        if word is not None and (word in _own_words(ctx) or _among_names(pair, word, ctx.alignment.source)):
            return _NEUTRAL  # names joined by a word the translation's language has too, or a name among names
        return Untranslated(target, source, english, len(english), whole=True)
    if kind == "partly":
        total, stale = rest
        return Untranslated(target, source, english, total, whole=False, stale=tuple(english[i] for i in stale))
    current, grown = rest
    current = current and not (grown and last_seen(target, ctx))
    return Untranslated(target, source, english, len(english), whole=True, current=current)


def _paragraph_pairs(alignment: Alignment) -> Iterator[Pair]:
    """Every translated paragraph with its pair; one inside a container English no longer has (a removed
    section, card or list) is extra, as its container is."""
    paired = {pair.target: pair for pair in alignment.pairs_of("paragraph") if pair.target is not None}
    for node in alignment.target.root.walk():
        if node.kind == "paragraph":
            yield paired.get(node) or Pair(None, node, "extra")


class _Survey(Value):
    """The translation's paragraphs still in English, and how many it has to translate."""

    untranslated: list[Untranslated]
    translatable: int  # paragraphs with text to translate: not labels, names or lines of links

    __slots__ = ("untranslated", "translatable")

    def __init__(self, untranslated: list[Untranslated], translatable: int) -> None:
        self.untranslated = untranslated
        self.translatable = translatable


def paragraph_survey(ctx: RuleContext) -> _Survey:
    """Every translated paragraph with English left in it; computed once per page and `min-words`."""
    return _survey_of(ctx, ctx.options["min-words"])


@context_analysis
def _survey_of(ctx: RuleContext, min_words: int) -> _Survey:
    """Each paragraph's verdict is recalled from the page's last lint when nothing it read has changed: a
    page linted again after an edit judges again only the paragraphs the edit touched."""
    untranslated: list[Untranslated] = []
    translatable = 0
    for pair in _paragraph_pairs(ctx.alignment):
        verdict = ctx.recall(
            "paragraph-survey",
            partial(_verdict_key, pair, ctx, min_words),
            partial(_verdict, pair, ctx, min_words),
            _is_verdict,
        )
        judged = _judged(verdict, pair, ctx)
        if judged is _NEUTRAL:
            continue
        translatable += 1
        if isinstance(judged, Untranslated):
            untranslated.append(judged)
    return _Survey(untranslated, translatable)


def page_untranslated(ctx: RuleContext) -> tuple[int, int] | None:
    """(English paragraphs, translatable paragraphs) when the page as a whole is English."""
    survey = paragraph_survey(ctx)
    whole = sum(item.whole for item in survey.untranslated)
    if survey.translatable >= 3 and whole >= ctx.options["page-share"] * survey.translatable:
        return whole, survey.translatable
    return None
