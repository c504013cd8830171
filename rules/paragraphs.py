"""TM40x: text left in English: a whole paragraph, some sentences of one, or a whole page.

A wholly English paragraph is *current* when today's English page has its words in that order
(untranslated-paragraph, info), and *stale* otherwise (stale-untranslated-paragraph, warning):
Crowdin exports an untranslated string as the English of its time, so English that the page
no longer has is English from an older version. Words are compared as read, so emphasis
markers, link targets, punctuation, whitespace and line breaks do not make text stale, and
neither do English paragraphs a broken export ran together.

Crowdin translates sentence by sentence and exports an untranslated string as the
English source, so English left in a translation is nearly always verbatim English.
Cheap evidence decides first (the paragraph or sentence occurs in the English page;
its letters are not Latin); the language detector runs only on Latin-script sentences
that are not verbatim English (stale text, and every sentence of a Latin-script
translation).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from linter.align.aligner import Alignment, Pair
from linter.align.analysis import analysis, context_analysis
from linter.engine.findings import UNSAFE, Fix, Severity
from linter.engine.rule import Option, Report, Rule, RuleContext
from linter.parse.positions import Pos, Span
from linter.parse.tree import Admonition, Block, Node

from .prose import WORD, Prose, non_latin, plain, prose_words, quote, sentence_texts, words

_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_TOKEN = re.compile(r"\w+")
_HARD_BREAK = re.compile(r"(?:  |\\)\n")
_CLAUSE_END = re.compile(r"(?<=[.!?;:])\s+")  # where a broken export may have dropped a sentence
_FINISHED = re.compile(r"[.!?:;)\]\"”’»]\s*$")
# A definition's label a broken export left in the text; no "[" inside, so "[^[^[^…" is read in one pass.
_FOOTNOTE_LABEL = re.compile(r"\[\^[^\]\s\[]+\]")
_OPENING_QUOTES, _CLOSING_QUOTES = "\"“„«‘'", "\"”“»’'"
_NON_WORDS = re.compile(r"\W*")


def _is_quotation(text: str) -> bool:
    """`text` is one quotation, punctuation after it aside.

    (A regex tried every quote mark of a run against the rest of the text: quadratic.)
    """
    if len(text) < 2 or text[0] not in _OPENING_QUOTES:
        return False
    tail = len(text) - _NON_WORDS.match(text[::-1]).end()  # where the closing punctuation begins
    return any(char in _CLOSING_QUOTES for char in text[max(tail, 1) :])


@dataclass(frozen=True)
class Untranslated:
    """A translated paragraph with English left in it: wholly, or in some sentences."""

    node: Node
    source: Node | None
    english: tuple[tuple[str, Span], ...]  # the English sentences as written, where they are
    total: int  # sentences with enough words to judge
    whole: bool
    current: bool = True  # every sentence is in today's English page (for a whole paragraph)
    stale: tuple[tuple[str, Span], ...] = ()  # English sentences today's page no longer has (partly translated)


@analysis
def _english_sentences(alignment: Alignment) -> frozenset[str]:
    """Every sentence of the English page, as read; computed once per pair."""
    return frozenset(
        sentence
        for node in alignment.source.root.walk()
        if node.kind == "paragraph" and isinstance(node, Block)
        for sentence in sentence_texts(node.raw)
    )


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_FOOTNOTE_LABEL.sub(" ", text))


def _trigrams(words: list[str]) -> list[tuple[str, ...]]:
    return [tuple(words[i : i + 3]) for i in range(len(words) - 2)]


@dataclass(frozen=True)
class _EnglishWords:
    trigrams: frozenset[tuple[str, ...]]  # every run of three words as read, across blocks, front matter included
    vocabulary: frozenset[str]  # every word of the page, folded
    keywords: frozenset[str]  # admonition types, which a broken header leaves in the text (stray-admonition-keyword)


@analysis
def _english_words(alignment: Alignment) -> _EnglishWords:
    """The English page's words, computed once per pair."""
    page = alignment.source
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
    english = _english_words(ctx.alignment)
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


def _last_seen(node: Node, ctx: RuleContext) -> Any:
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


def _is_english(text: str, verbatim: bool, ctx: RuleContext, min_words: int) -> bool | None:
    """True/False when the sentence is English or not; None when it is too short to tell."""
    if non_latin(text):
        return False  # another script: translated, whatever the detector would say
    count = words(text, max(min_words, 10))
    if count < min_words or not _LATIN_LETTER.search(text):
        return None
    if verbatim and count >= 8:
        return True  # long and verbatim from the English page: no need to ask the detector
    if not verbatim and count < 10 and not _english_vocabulary(text, ctx):
        return False  # too short for the detector alone: Dutch and Spanish UI labels score as English
    return ctx.is_english(text)


_VOCABULARY_SHARE = 0.8  # share of a short sentence's words the English page must have to ask the detector
# English grammar words that are no word of the site's other languages ("is", "was", "as", "on", "to", "in",
# "an", "or", "has", "will", "no" are Dutch, German, Portuguese, French, Polish or Spanish words too).
_GRAMMAR = frozenset(
    "the this these those are be been have had should must can could would may your you our we they their "
    "its for with from by of and not that which than".split()
)


def _english_vocabulary(text: str, ctx: RuleContext) -> bool:
    """A short sentence that reads as English of another version ("Should have Perfect Forward Secrecy."):
    English grammar words in it, and nearly every word one the English page uses. A translated label keeps
    only names and terms from English ("Respostas CORS, GZip, Static Files"), which fool the detector."""
    tokens = [token.lower() for token in _tokens(text) if WORD.fullmatch(token)]
    if len(_GRAMMAR.intersection(tokens)) < 2:
        return False
    vocabulary = _english_words(ctx.alignment).vocabulary
    return sum(token in vocabulary for token in tokens) >= _VOCABULARY_SHARE * len(tokens)


# A word in lower case: names (Visual Studio Code, Microsoft SQL Server) are capitalised.
_COMMON_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'-]+")
_FIRST_WORD = re.compile(r"\W*([A-Za-z]+)")


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


@analysis
def _english_common_words(alignment: Alignment) -> frozenset[str]:
    """The words the English page writes in lower case: common words, not names."""
    return frozenset(word for node in alignment.source.root.walk() for word in _COMMON_WORD.findall(node.text or ""))


def _names_only(node: Node, ctx: RuleContext) -> bool:
    """Names joined by one word the translation's language has too (`Microsoft SQL Server, etc.`,
    German `in [Visual Studio Code]:`): the same in every language, whatever a detector says.
    A capital first word the English page writes in lower case elsewhere (`Turn on`) is a common word."""
    text = plain(Prose.of(node).content)
    common = _COMMON_WORD.findall(text)
    first = _FIRST_WORD.match(text)
    if first and first.group(1)[0].isupper() and first.group(1).lower() in _english_common_words(ctx.alignment):
        common.append(first.group(1).lower())
    return len(common) == 1 and common[0] in _own_words(ctx)


_NEUTRAL = "neutral"  # the same as English, but without language: a name, a list of products


def _judge(pair: Pair, ctx: RuleContext, min_words: int) -> Untranslated | str | None:
    """What is English in a translated paragraph; None when nothing is."""
    target = pair.target
    assert target is not None
    source = pair.source
    sentences = Prose.of(target).sentences()
    if source is not None and source.text == target.text:
        if _is_english(target.text, True, ctx, min_words) and not _names_only(target, ctx):
            return Untranslated(target, source, tuple(sentences), len(sentences), whole=True)
        return _NEUTRAL
    english_page = _english_sentences(ctx.alignment)
    english: list[tuple[str, Span]] = []
    other = 0
    for raw, span in sentences:
        text = plain(raw)
        if _is_quotation(text):
            continue  # a quotation may stay in its language
        verdict = _is_english(text, text in english_page, ctx, min_words)
        if verdict:
            english.append((raw, span))
        elif verdict is not None:
            other += 1
    if not english:
        return None
    if other:
        stale = tuple((raw, span) for raw, span in english if not _is_current(plain(raw), ctx))
        return Untranslated(target, source, tuple(english), len(english) + other, whole=False, stale=stale)
    text = plain(Prose.of(target).content)
    current = _is_current(text, ctx) and not (_grown(pair) and _last_seen(target, ctx))
    return Untranslated(target, source, tuple(english), len(english), whole=True, current=current)


def _paragraph_pairs(alignment: Alignment) -> Iterator[Pair]:
    """Every translated paragraph with its pair; one inside a container English no longer has (a removed
    section, card or list) is extra, as its container is."""
    paired = {pair.target: pair for pair in alignment.pairs_of("paragraph") if pair.target is not None}
    for node in alignment.target.root.walk():
        if node.kind == "paragraph":
            yield paired.get(node) or Pair(None, node, "extra")


@dataclass(frozen=True)
class _Survey:
    untranslated: list[Untranslated]
    translatable: int  # paragraphs with text to translate: not labels, names or lines of links


def _survey(ctx: RuleContext) -> _Survey:
    """Every translated paragraph with English left in it; computed once per page and `min-words`."""
    return _survey_of(ctx, ctx.options["min-words"])


@context_analysis
def _survey_of(ctx: RuleContext, min_words: int) -> _Survey:
    untranslated: list[Untranslated] = []
    translatable = 0
    for pair in _paragraph_pairs(ctx.alignment):
        target = pair.target
        if target is None or words(target.text, min_words) < min_words or prose_words(target, min_words) < min_words:
            continue
        judged = _judge(pair, ctx, min_words) if _LATIN_LETTER.search(target.text) else None
        if judged is _NEUTRAL:
            continue
        translatable += 1
        if isinstance(judged, Untranslated):
            untranslated.append(judged)
    return _Survey(untranslated, translatable)


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
            if item.whole and item.current:
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
    English sentence and quotes the English ones as written. English sentences
    that today's English page no longer has are `stale-untranslated-paragraph`.

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
            current = [sentence for sentence in item.english if sentence not in item.stale]
            if item.whole or not current:
                continue  # English of another version is stale-untranslated-paragraph's
            shown = ", ".join(f'"{quote(raw)}"' for raw, _ in current[:2])
            more = len(current) - 2
            yield Report(
                f"{len(current)} of {item.total} sentences are still English: {shown}"
                + (f" and {more} more" if more > 0 else ""),
                node=item.node,
                span=current[0][1],
                source=item.source,
            )


_SAME_PARAGRAPH = 0.5  # word similarity above which two English texts are versions of one paragraph
_SAME_COUNTERPART = 0.3  # the same for the paragraph the aligner paired it with


_MOSTLY_KEPT = 0.75  # share of an old text's words, in order, that make a longer English text its new version


def _similarity(old: str, new: str) -> float:
    """How alike two English texts are as versions of one: word similarity, or the share of the old text's
    words the new one keeps in order when that is high (English may have rewritten around them)."""
    old_words = old.lower().split()
    matcher = difflib.SequenceMatcher(None, old_words, new.lower().split(), autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks()) / max(len(old_words), 1)
    return max(matcher.ratio(), kept if kept >= _MOSTLY_KEPT else 0.0)


def _english_now(item: Untranslated, ctx: RuleContext) -> Node | None:
    """The English paragraph the stale text is an older version of: its counterpart if alike, else the likest."""
    text = plain(Prose.of(item.node).content)
    if isinstance(item.source, Block) and _similarity(text, plain(Prose.of(item.source).content)) > _SAME_COUNTERPART:
        return item.source
    best, best_score = None, _SAME_PARAGRAPH
    for node in ctx.alignment.source.root.walk():
        if node.kind == "paragraph" and isinstance(node, Block):
            score = _similarity(text, plain(Prose.of(node).content))
            if score > best_score:
                best, best_score = node, score
    return best


def _words(node: Node) -> tuple[list[str], list[int], list[str]]:
    """The words of a paragraph as read, the sentence each is in, and the sentences as written."""
    words: list[str] = []
    where: list[int] = []
    sentences = [raw for raw, _ in Prose.of(node).sentences()]
    for index, raw in enumerate(sentences):
        found = plain(raw).lower().split()
        words += found
        where += [index] * len(found)
    return words, where, sentences


def _difference(old: Node, new: Node) -> str:
    """The first English sentence that changed, quoted as English has it now (edits before mere additions)."""
    old_words, old_at, old_sentences = _words(old)
    new_words, new_at, new_sentences = _words(new)
    opcodes = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, _ in opcodes:
        if tag == "delete" and all(old_at.count(k) == old_at[i1:i2].count(k) for k in set(old_at[i1:i2])):
            return f'English no longer says "{quote(old_sentences[old_at[i1]], 100)}"'
        if tag in ("replace", "delete") and new_at:
            at = j1 if tag == "replace" else j1 - 1  # a word dropped: the sentence it was dropped from
            return f'English now says "{quote(new_sentences[new_at[min(max(at, 0), len(new_at) - 1)]], 100)}"'
    inserted = next((j1 for tag, _, _, j1, _ in opcodes if tag == "insert"), None)
    if inserted is not None and new_at:
        return f'English now also says "{quote(new_sentences[new_at[inserted]], 100)}"'
    return f'English now says "{quote(Prose.of(new).content, 100)}"'


def _today(item: Untranslated, now: Node) -> Fix | None:
    """Today's English written over the old English, on one line (a paragraph's line breaks are cosmetic).

    English sentences the paragraphs beside it already have as written are left out: English may
    have joined two paragraphs the translation still has apart.
    """
    old, new = Prose.of(item.node), Prose.of(now)
    if _HARD_BREAK.search(old.content) or _HARD_BREAK.search(new.content):
        return None  # a line break readers see
    siblings = item.node.parent.children if item.node.parent is not None else []
    index = siblings.index(item.node)
    neighbours = [*siblings[max(index - 1, 0) : index], *siblings[index + 1 : index + 2]]
    beside = {plain(raw) for node in neighbours for raw, _ in Prose.of(node).sentences()}
    sentences = [raw for raw, _ in new.sentences()]
    while len(sentences) > 1 and plain(sentences[0]) in beside:
        sentences.pop(0)
    while len(sentences) > 1 and plain(sentences[-1]) in beside:
        sentences.pop()
    text = " ".join(" ".join(raw.split("\n")) for raw in sentences)
    span = Span(old.pos(0), old.pos(len(old.content)))
    return Fix.replace(span, text, "replace the old English with today's English", UNSAFE)


def _stale_sentences(item: Untranslated, ctx: RuleContext) -> Report:
    """English sentences of another version in a partly translated paragraph, with the likest English today."""
    raw, span = item.stale[0]
    text = plain(raw)
    best, best_score = "", _SAME_PARAGRAPH
    for sentence in _english_sentences(ctx.alignment):
        score = _similarity(text, sentence)
        if score > best_score or (score == best_score and best and sentence < best):
            best, best_score = sentence, score
    was = (
        f'English of another version: English now says "{quote(best, 100)}"'
        if best
        else ("English that the English page no longer has")
    )
    more = f" ({len(item.stale) - 1} more such sentences follow)" if len(item.stale) > 1 else ""
    return Report(
        f'sentence "{quote(raw)}" is {was}{more}',
        node=item.node,
        span=span,
        source=item.source,
    )


class StaleUntranslatedParagraph(Rule):
    """A paragraph of the translation is English that the English page has changed since.

    ## What it does
    Flags a translated paragraph that is wholly English but not what the
    English page says today: the English of an older version, left when the
    page was translated and never updated, or English the page no longer has
    at all (a paragraph of a removed section or card). The message quotes what
    English says now (the first sentence that differs), or says that English
    no longer has it. An English sentence of another version inside a partly
    translated paragraph is flagged the same way, at that sentence. With the English page's
    history (a git repository, or `--source-history`), it also names the
    last revision that had the old text. Edits that do not change the text as
    read (emphasis markers, link targets, whitespace, line breaks) never make
    a paragraph stale. Current English is `untranslated-paragraph`, and a page
    still wholly English is reported once, by `untranslated-page`.

    ## Why is this bad?
    Readers of the translation get neither their language nor what the
    English page says today: a removed caveat, an outdated claim. Replacing
    the old English with the current English (then translating it) is the fix.

    ## Example
    ```markdown title="English"
    Briar has a fully published specification. Briar supports forward secrecy[^1] by using the Bramble protocol.
    ```
    ```markdown title="Translation"
    Briar has a fully published specification. Briar supports perfect forward secrecy by using the Bramble protocol.
    ```
    ```markdown title="Use instead"
    Briar has a fully published specification. Briar supports forward secrecy[^1] by using the Bramble protocol.
    ```

    ## Fix
    Unsafe (`transmark fix --unsafe-fixes`): writes today's English paragraph over the old one, on
    one line, leaving out sentences the paragraphs beside it already have as written (English may
    have joined two paragraphs the translation still has apart). It is still English: translate it.

    ## Known false positives
    English text a translator wrote on purpose that the English page never
    had (a note for English-speaking readers).
    """

    id = "TM404"
    name = "stale-untranslated-paragraph"
    summary = "A paragraph is English of an older version of the page"
    severity = Severity.WARNING
    kinds = ("page",)
    options = _OPTIONS
    fix_safety = UNSAFE  # today's English replaces the old: still to be translated, and a word may be wanted

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        if _page_untranslated(ctx):
            return  # a page still wholly English is reported once, by untranslated-page
        for item in _survey(ctx).untranslated:
            if item.stale:
                yield _stale_sentences(item, ctx)
            if not item.whole or item.current:
                continue
            now = _english_now(item, ctx)
            seen = _last_seen(item.node, ctx)
            if now is None:
                since = f"last in {seen[0].describe()}" if seen is not None else "from another version"
                yield Report(f"paragraph is English that the English page no longer has ({since})", node=item.node)
                continue
            was = (
                f"the English of {seen[0].describe()}"
                if seen is not None
                else "English from another version of the page"
            )
            yield Report(
                f"paragraph is {was}: {_difference(item.node, now)}", node=item.node, source=now, fix=_today(item, now)
            )


RULES = (UntranslatedParagraph, UntranslatedPage, PartlyTranslatedParagraph, StaleUntranslatedParagraph)
