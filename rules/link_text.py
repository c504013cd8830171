"""TM415: a link's text left in English where the text around it is translated.

Crowdin shows a link's text as its own segment beside the sentence, so a translator may
translate the sentence and leave the link's words as English ("que [connects](…) para"),
or translate every card's button but one ("Visite signal.org" beside "Visit element.io").
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator

from linter.align.aligner import Alignment, Pair
from linter.align.analysis import analysis, context_analysis
from linter.engine.findings import Severity
from linter.engine.memo import is_bool
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.langid import sentence_spans
from linter.parse.tree import Link, Node
from linter.parse.vocabulary import zipf
from linter.patterns import lazy

from .names import DOMAIN
from .prose import WHOLE_WORD, Prose, non_latin, plain, words

# English words only: lower case (a capital is a name's), no digits, dots or code (`pip`, `mkdocs.yml`).
_WORDS = lazy(r"[a-z]+(?:['’-][a-z]+)*(?: [a-z]+(?:['’-][a-z]+)*)*")
_WORD = lazy(r"[^\W\d_]+")
_SHORTCODE = lazy(r":[\w+-]+:")
_NOT_ALNUM = lazy(r"[^a-z0-9]")
_MIN_AROUND = 4  # words of translated text a link must stand in
# English words in a translation's own sentences that make them its style: their share (Hindi FastAPI pages
# 0.13-0.26, other languages of the sites under 0.1), the most in a row, the fewest words to judge by.
_MIXED, _MIXED_RUN, _MIXED_WORDS = 0.1, 3, 50
_LATIN = lazy(r"[A-Za-z]+")
# A word of the translation's language too ("forum", "complex" in Dutch): written at least once per million words
# in it (Zipf 3) and not ten times rarer than in English. Dutch "paper" (3.54 against English 5.07) and
# "funding" (unlisted, against 4.63), Spanish "notes" (3.43 against 4.84) are English words in those texts.
_COMMON, _RARER = 3.0, 1.0


def _is_button(link: Link) -> bool:
    return any(key == "class" and "md-button" in value.split() for key, value in link.attrs)


def _links_by_address(source: Node) -> dict[str, list[Link]]:
    """The English block's links by address: looked up once per translated link, not scanned (a paragraph
    of thousands of links stays linear)."""
    by_address: dict[str, list[Link]] = {}
    for link in source.inline.links if source.inline else []:
        by_address.setdefault(link.url, []).append(link)
    return by_address


def _counterpart_link(link: Link, english: dict[str, list[Link]]) -> Link | None:
    """The English link with the same address, when the English block (`_links_by_address`) has one link there."""
    same = english.get(link.url, [])
    return same[0] if len(same) == 1 else None


def _wording(text: str) -> str:
    """A button's words without the domain or icon it shows: "Visit element.io" and "Visit signal.org"
    are worded alike."""
    return " ".join(_WORD.findall(DOMAIN.sub(" ", _SHORTCODE.sub(" ", text)))).casefold()


@analysis
def _translated_buttons(alignment: Alignment) -> dict[str, str]:
    """For each wording of the English page's buttons, a button of the translation that translates it."""
    translated: dict[str, str] = {}
    for pair in alignment.pairs_of("paragraph", "item"):
        if pair.source is None or pair.target is None or pair.target.inline is None:
            continue
        by_address = _links_by_address(pair.source)
        for link in pair.target.inline.links:
            english = _counterpart_link(link, by_address)
            if english is not None and _is_button(link) and link.text.strip() != english.text.strip():
                translated.setdefault(_wording(english.text), link.text.strip())
    return translated


@analysis
def _sentences_by_word(alignment: Alignment) -> dict[str, list[str]]:
    """The translation's sentences outside link text, by the words (folded) they hold."""
    found: dict[str, list[str]] = {}
    for pair in alignment.pairs_of("paragraph", "item"):
        if pair.target is None:
            continue
        text = plain(Prose.of(pair.target).content, links=False)
        for sentence in (text[start:end] for start, end in sentence_spans(text)):
            for word in {word.casefold() for word in _WORD.findall(sentence)}:
                found.setdefault(word, []).append(sentence)
    return found


@context_analysis
def _own_word(ctx: RuleContext, word: str) -> bool:
    """The translation writes the word outside link text, in its own sentences (another script, or not English
    by the detector): one its language uses, as a loanword or a term. Only the sentences holding the word are
    asked about, not every sentence of the page (the detector is most of the cost), and each word once (a
    paragraph of thousands of links with the same text stays linear)."""
    return any(
        non_latin(sentence) or words(sentence, 4) >= 4 and not ctx.is_english(sentence)
        for sentence in _sentences_by_word(ctx.alignment).get(word, ())
    )


@analysis
def _mixes_english(alignment: Alignment) -> bool:
    """The translation, written in another script, puts English words in its own sentences as its way of
    writing terms: one word in ten or more is an English word among its own, in runs of up to three
    ("FastAPI gracefully shutdown कर सके और … trigger हों"; Japanese, Chinese, Korean and Russian pages
    of the sites stay under one in ten). Longer runs are English sentences left in, not words mixed in."""
    written = mixed = 0
    for pair in alignment.pairs_of("paragraph", "item"):
        if pair.target is None:
            continue
        text = plain(Prose.of(pair.target).content, links=False)
        for sentence in (text[start:end] for start, end in sentence_spans(text)):
            if not non_latin(sentence):
                continue
            found = WHOLE_WORD.findall(sentence)
            written += len(found)
            run: list[str] = []
            for word in [*found, ""]:  # "" ends the last run
                if _LATIN.fullmatch(word):
                    run.append(word)
                    continue
                if len(run) <= _MIXED_RUN:
                    mixed += sum(1 for latin in run if latin.islower())
                run = []
    return written >= _MIXED_WORDS and mixed >= written * _MIXED


def _linked_page_terms(link: Link, ctx: RuleContext) -> frozenset[str]:
    """The words of the translated headings of the site's page the link points to (those English does not
    have as they are): "Lifespan イベント" keeps "lifespan" as the language's term for it."""
    resolved = ctx.site.resolve(ctx.alignment.source.path, link.url) if ctx.site is not None else None
    if ctx.site is None or resolved is None:
        return frozenset()
    translated, english = ctx.site.page(resolved[0], ctx.lang, outline=True), ctx.site.page(resolved[0], outline=True)
    if translated is None:
        return frozenset()
    titles = {section.title.casefold() for section in english.sections()} if english is not None else set()
    return frozenset(
        word.casefold()
        for section in translated.sections()
        if section.title.casefold() not in titles
        for word in _WORD.findall(section.title)
    )


def _names_target(text: str, url: str) -> bool:
    """The text names what the link points to: a tool (`[udiskie](…/coldfix/udiskie)`) or a term defined
    there (`[evil maid](…/wiki/Evil_maid_attack)`, `[torrents](…/BitTorrent)`), which languages often keep."""
    address = _NOT_ALNUM.sub("", url.casefold())
    return _NOT_ALNUM.sub("", text.casefold()).removesuffix("s") in address


@analysis
def _code_words(alignment: Alignment) -> frozenset[str]:
    """The words of the English page's code spans: the names of commands and settings (`rpm-ostree`)."""
    return frozenset(
        word.casefold()
        for node in alignment.source.root.walk()
        if node.inline is not None
        for code in node.inline.code
        for word in _WORD.findall(code.text)
    )


def _is_command(text: str, alignment: Alignment) -> bool:
    """A hyphenated name of a command, unit or program with a word the English page writes as code
    ("rpm-ostree-countme" beside `rpm-ostree`); for one with a word English writes less than once per million
    words, see `_listed`."""
    return "-" in text and not _code_words(alignment).isdisjoint(word.casefold() for word in _WORD.findall(text))


def _listed(text: str, lang: str) -> bool:
    """What the word lists say makes a link's text no English left in: a hyphenated name with a word English
    writes less than once per million words ("systemd-networkd", see `linter.parse.vocabulary`; English
    compounds join English words: "end-of-life"), or every word also a common word of the translation's
    language (see `_COMMON`): Dutch writes "forum"."""
    found = _WORD.findall(text)
    if "-" in text and any(not zipf(word, "en") for word in found):
        return True
    return all(zipf(word, lang) >= max(_COMMON, zipf(word, "en") - _RARER) for word in found)


def _translated(text: str, ctx: RuleContext, links: bool = False) -> bool | None:
    """The text (without its links' labels unless `links`) is translated: another script, or enough words
    the detector does not call English; None when it has too few words to tell."""
    text = plain(text, links=links)
    if non_latin(text):
        return True
    return None if words(text, _MIN_AROUND) < _MIN_AROUND else not ctx.is_english(text)


class _Sentences:
    """A block's sentences, each judged once, when a candidate link in it first asks: whether the sentence
    holding the link is translated, by its own words, or for a short one by all of them ("Can include
    [restricted control or access]." is English), or when even that is too short to tell, the block around
    it is. A sentence left in English around the link is the block's partly-translated-paragraph, not
    this link's. Found by bisection: a paragraph of thousands of links stays linear."""

    def __init__(self, target: Node, ctx: RuleContext) -> None:
        self._target, self._ctx = target, ctx
        self._sentences = Prose.of(target).sentences()
        self._starts = [span.start for _, span in self._sentences]
        self._said: dict[int, bool | None] = {}
        self._around: bool | None = None

    def translated_at(self, link: Link) -> bool:
        start = link.span.start
        index = bisect.bisect_right(self._starts, start) - 1
        said = None
        if index >= 0 and start < self._sentences[index][1].end:
            if index not in self._said:
                text = self._sentences[index][0]
                judged = _translated(text, self._ctx)
                self._said[index] = _translated(text, self._ctx, links=True) if judged is None else judged
            said = self._said[index]
        if said is None:
            if self._around is None:
                self._around = bool(_translated(Prose.of(self._target).content, self._ctx))
            said = self._around
        return said


class UntranslatedLinkText(Rule):
    """A link's text is still English where the text around it is translated.

    ## What it does
    Flags a link whose text is the English link's text, word for word, in two
    cases:

    - inside a translated sentence, when that text is English words in lower
      case (not a name, not code, not a hyphenated name of a program with a
      word the page writes as code or English writes less than once per
      million words, such as "systemd-networkd", not the name of the page it
      links to) that the translation writes nowhere else in its own sentences
      (so a term the language borrows, such as "malware", is not reported),
      nor in the translated headings of the site's page it links to
      ("Lifespan イベント" keeps "lifespan"), and that are not common words
      of the translation's language too (Dutch writes
      "forum" and "complex" as often as English does); a
      sentence left in English around the link is partly-translated-
      paragraph's, not this rule's; and a translation in another script
      whose own sentences are one word in ten English ("FastAPI gracefully
      shutdown कर सके") writes terms in English as its style;
    - a button whose label is English where a button of the same page with the
      same English wording is translated (`Visit element.io` beside
      `Visite signal.org`).

    ## Why is this bad?
    Crowdin shows a link's text as a segment of its own: translators miss it,
    and readers get one English word in the middle of their sentence, or one
    English button among translated ones.

    ## Example
    ```markdown title="English"
    Briar is a messenger that [connects](https://briarproject.org/how-it-works/) over Tor.
    ```
    ```markdown title="Translation"
    Briar é um mensageiro que [connects](https://briarproject.org/how-it-works/) pela rede Tor.
    ```
    ```markdown title="Use instead"
    Briar é um mensageiro que [se conecta](https://briarproject.org/how-it-works/) pela rede Tor.
    ```

    ## Known false positives
    An English term the translation uses only once, inside this link.
    """

    id = "TM415"
    cost = 7
    judges_language = True
    name = "untranslated-link-text"
    summary = "A link's text is still English where the text around it is translated"
    severity = Severity.INFO
    kinds = ("paragraph", "item")

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if source is None or target is None or target.inline is None or not target.inline.links:
            return
        by_address = _links_by_address(source)
        sentences = functools.cache(lambda: _Sentences(target, ctx))  # made once a block, not once a link
        for link in target.inline.links:
            english = _counterpart_link(link, by_address)
            if english is None or link.text.strip() != english.text.strip():
                continue
            text = link.text.strip()
            if _is_button(link):
                translated = _translated_buttons(ctx.alignment).get(_wording(text))
                if translated is not None and _wording(text):
                    yield Report(
                        f'button "{text}" is still English, where the page\'s other buttons worded alike are '
                        f'translated ("{translated}")',
                        node=target,
                        span=link.span,
                    )
            elif (
                _WORDS.fullmatch(text)
                and not _names_target(text, link.url)
                and sentences().translated_at(link)
                and not any(_own_word(ctx, word) for word in _WORD.findall(text))
                and not _mixes_english(ctx.alignment)
                and _linked_page_terms(link, ctx).isdisjoint(word.casefold() for word in _WORD.findall(text))
                and not _is_command(text, ctx.alignment)
                # Last: the word lists load (about 15 ms and 4 MB each) only for a link every other test reports,
                # and not again when the page is linted again (their answer is kept in the page's memo).
                and not ctx.recall("word-lists", text, functools.partial(_listed, text, ctx.lang), is_bool)
            ):
                yield Report(
                    f'link text "{text}" is still English inside a translated sentence: '
                    "translate it as part of the sentence",
                    node=target,
                    span=link.span,
                )


RULES = (UntranslatedLinkText,)
