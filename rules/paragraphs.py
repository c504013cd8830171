"""TM4xx: text left in English: a paragraph, part of a paragraph, or a whole page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from linter.align import Alignment, Pair
from linter.findings import Severity
from linter.positions import Pos, Span
from linter.rule import Option, Report, Rule, RuleContext
from linter.tree import Node

_WORD = re.compile(r"[^\W\d_]{2,}")
_ASCII_WORD = re.compile(r"[A-Za-z]{2,}")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")
_TEXT_KINDS = ("paragraph",)


@dataclass(frozen=True)
class _Untranslated:
    """A block still in English: wholly (`sentences` empty) or in some sentences."""

    node: Node
    source: Node | None
    sentences: tuple[str, ...] = ()
    total: int = 0


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _translatable(node: Node, min_words: int) -> bool:
    """Text a translator is expected to translate: enough words, not only link labels or names."""
    text = node.text
    if _words(text) < min_words:
        return False
    inline = node.inline
    if inline is not None and inline.links:
        linked = sum(len(link.text) for link in inline.links)
        if linked >= 0.8 * len(text) and _words(text) < 8:
            return False  # a line of links ("[Homepage](…) [Docs](…)") is labels, not prose
    return True


def _split(text: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(text) if part.strip()]


def find_untranslated(alignment: Alignment, ctx: RuleContext, min_words: int) -> list[_Untranslated]:
    """Every translatable block of the translation that is still English, computed once per page."""
    key = ("untranslated", min_words)
    cached = alignment.cache.get(key)
    if cached is not None:
        return cached
    found: list[_Untranslated] = []
    for pair in alignment.pairs_of(*_TEXT_KINDS):
        target = pair.target
        if target is None or not _translatable(target, min_words):
            continue
        if pair.source is not None and pair.source.text == target.text:
            found.append(_Untranslated(target, pair.source))
            continue
        if not _ASCII_WORD.search(target.text):
            continue  # no Latin letters: cannot be English; spares the detector
        english = _english_sentences(target.text, pair.source, ctx, min_words)
        sentences = _split(target.text)
        if english and len(english) == len(sentences):
            found.append(_Untranslated(target, pair.source))
        elif english:
            found.append(_Untranslated(target, pair.source, tuple(english), len(sentences)))
    alignment.cache[key] = found
    return found


def _english_sentences(text: str, source: Node | None, ctx: RuleContext, min_words: int) -> list[str]:
    """Sentences of `text` that are English: verbatim in the source paragraph, or detected so."""
    known = set(_split(source.text)) if source is not None else set()
    english = []
    for sentence in _split(text):
        if sentence in known:
            english.append(sentence)
        elif _words(sentence) >= max(min_words, 5) and _ASCII_WORD.search(sentence) and ctx.is_english(sentence):
            english.append(sentence)
    return english


def _translatable_count(alignment: Alignment, min_words: int) -> int:
    return sum(
        1
        for pair in alignment.pairs_of(*_TEXT_KINDS)
        if pair.target is not None and _translatable(pair.target, min_words)
    )


def _page_untranslated(alignment: Alignment, ctx: RuleContext, min_words: int, share: float) -> bool:
    total = _translatable_count(alignment, min_words)
    whole = [item for item in find_untranslated(alignment, ctx, min_words) if not item.sentences]
    return total >= 3 and len(whole) >= share * total


def _quote(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_OPTIONS = {
    "min-words": Option(4, int, "Ignore text with fewer words than this (product names, labels)"),
    "page-share": Option(0.9, float, "Share of untranslated paragraphs from which the page counts as untranslated"),
}


class UntranslatedParagraph(Rule):
    """A paragraph of the translation is still in English, wholly or in some sentences.

    ## What it does
    Flags a translated paragraph whose text is identical to its English
    counterpart, and a paragraph in which some sentences are still English
    (Crowdin translates sentence by sentence). Short labels, product names,
    link-only lines and code are not flagged. When nearly the whole page is
    English, one `untranslated-page` finding replaces these.

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
    A sentence that is the same in both languages (a quotation, a name list).
    """

    id = "TM401"
    name = "untranslated-paragraph"
    summary = "A paragraph, or some of its sentences, is still in English"
    severity = Severity.INFO
    kinds = ("page",)
    options = _OPTIONS

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        min_words = ctx.options["min-words"]
        if _page_untranslated(ctx.alignment, ctx, min_words, ctx.options["page-share"]):
            return
        for item in find_untranslated(ctx.alignment, ctx, min_words):
            if item.sentences:
                message = (
                    f'{len(item.sentences)} of {item.total} sentences are still English: "{_quote(item.sentences[0])}"'
                )
            else:
                message = f'paragraph is still English: "{_quote(item.node.text)}"'
            yield Report(message, node=item.node, source=item.source)


class UntranslatedPage(Rule):
    """The whole page is still in English.

    ## What it does
    Reports once, at the top of the page, when nearly every translatable
    paragraph is identical to English or detected as English.

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
        min_words = ctx.options["min-words"]
        if not _page_untranslated(ctx.alignment, ctx, min_words, ctx.options["page-share"]):
            return
        whole = [item for item in find_untranslated(ctx.alignment, ctx, min_words) if not item.sentences]
        total = _translatable_count(ctx.alignment, min_words)
        yield Report(
            f"page is not translated yet: {len(whole)} of {total} paragraphs are English",
            span=Span(Pos(1, 1), Pos(1, 1)),
        )


RULES = (UntranslatedParagraph, UntranslatedPage)
