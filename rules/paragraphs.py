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
translation). english_left.py judges the paragraphs, once per page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from linter.align.aligner import Pair
from linter.align.analysis import page_analysis
from linter.engine.findings import UNSAFE, Fix, Severity
from linter.engine.rule import Option, Report, Rule, RuleContext
from linter.parse.positions import Pos, Span
from linter.parse.tree import Block, Node, Page
from linter.patterns import lazy

from .english_left import Untranslated, english_sentences, last_seen, page_untranslated, paragraph_survey
from .matching import matching_blocks, opcodes, ratio
from .prose import Prose, plain, quote

_HARD_BREAK = lazy(r"(?:  |\\)\n")

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
    is not flagged: product names and other short labels (a name in a list of
    names kept in English, too: "Docker in Swarm Mode" beside "Docker" and
    "Kubernetes"), lines of links, code, numbers. When nearly the whole page
    is English, one `untranslated-page` finding replaces these; a paragraph
    with only some sentences left in English is `partly-translated-paragraph`.

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
    cost = 43
    judges_language = True
    name = "untranslated-paragraph"
    summary = "A paragraph is still in English"
    severity = Severity.INFO
    kinds = ("page",)
    options = _OPTIONS

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        if page_untranslated(ctx):
            return
        for item in paragraph_survey(ctx).untranslated:
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
    judges_language = True
    name = "untranslated-page"
    summary = "The whole page is still in English"
    severity = Severity.INFO
    kinds = ("page",)
    options = _OPTIONS

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        counts = page_untranslated(ctx)
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
    A sentence of fewer than `min-words` words counts when it is the English
    page's word for word, beside another such sentence, and has a word in
    lower case (not a name).

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
    judges_language = True
    name = "partly-translated-paragraph"
    summary = "Some sentences of a translated paragraph are still in English"
    severity = Severity.INFO
    kinds = ("page",)
    options = _OPTIONS

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        for item in paragraph_survey(ctx).untranslated:
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
    old_words, new_words = old.lower().split(), new.lower().split()
    blocks = matching_blocks(old_words, new_words)
    kept = sum(size for _, _, size in blocks) / max(len(old_words), 1)
    return max(ratio(old_words, new_words, blocks), kept if kept >= _MOSTLY_KEPT else 0.0)


class _Versions:
    """English texts indexed by their words, to find which of them is the likest version of a text.

    The words two texts share bound their similarity (the words `_similarity` matches in order are
    among them), so the likest is found comparing the few texts that share the most words, not
    every text of the page for every stale paragraph (2,000 stale paragraphs took minutes).
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.sizes: list[int] = []
        # (word, n) → the texts with the word more than n times: counting a text's (word, n) in them
        # counts the words it shares with each, repeated words as often as both have them.
        self.postings: dict[tuple[str, int], list[int]] = {}
        for index, text in enumerate(texts):
            counts = Counter(text.lower().split())
            self.sizes.append(counts.total())
            for word, count in counts.items():
                for n in range(count):
                    self.postings.setdefault((word, n), []).append(index)

    def ranked(self, text: str) -> list[tuple[float, int]]:
        """(The most `text`'s similarity to it can be, index) of each text that may be over
        `_SAME_PARAGRAPH` alike `text`, the most alike first."""
        words = text.lower().split()
        if not words:  # alike only to a wordless text
            return [(1.0, index) for index, size in enumerate(self.sizes) if not size]
        shared: Counter[int] = Counter()
        seen: Counter[str] = Counter()
        for word in words:
            shared.update(self.postings.get((word, seen[word]), ()))
            seen[word] += 1
        ranked = []
        for index, common in shared.items():
            kept = common / len(words)
            bound = max(2.0 * common / (len(words) + self.sizes[index]), kept if kept >= _MOSTLY_KEPT else 0.0)
            if bound > _SAME_PARAGRAPH:
                ranked.append((-bound, index))
        return [(-bound, index) for bound, index in sorted(ranked)]

    def likest(self, text: str) -> int | None:
        """The index of the text most alike `text` if over `_SAME_PARAGRAPH` (the first of equals)."""
        best, best_score = None, _SAME_PARAGRAPH
        for bound, index in self.ranked(text):
            if bound < best_score:
                break
            score = _similarity(text, self.texts[index])
            if score > best_score or (best is not None and score == best_score and index < best):
                best, best_score = index, score
        return best


@page_analysis
def _english_paragraphs(page: Page) -> tuple[list[Block], _Versions]:
    """The English page's paragraphs, and their texts as read indexed."""
    nodes = [node for node in page.root.walk() if node.kind == "paragraph" and isinstance(node, Block)]
    return nodes, _Versions([plain(Prose.of(node).content) for node in nodes])


@page_analysis
def _english_sentence_versions(page: Page) -> _Versions:
    return _Versions(sorted(english_sentences(page)))


def _english_now(item: Untranslated, ctx: RuleContext) -> Node | None:
    """The English paragraph the stale text is an older version of: its counterpart if alike, else the likest."""
    text = plain(Prose.of(item.node).content)
    if isinstance(item.source, Block) and _similarity(text, plain(Prose.of(item.source).content)) > _SAME_COUNTERPART:
        return item.source
    nodes, versions = _english_paragraphs(ctx.alignment.source)
    best = versions.likest(text)
    return None if best is None else nodes[best]


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
    changes = opcodes(old_words, new_words)
    for tag, i1, i2, j1, _ in changes:
        if tag == "delete" and all(old_at.count(k) == old_at[i1:i2].count(k) for k in set(old_at[i1:i2])):
            return f'English no longer says "{quote(old_sentences[old_at[i1]], 100)}"'
        if tag in ("replace", "delete") and new_at:
            at = j1 if tag == "replace" else j1 - 1  # a word dropped: the sentence it was dropped from
            return f'English now says "{quote(new_sentences[new_at[min(max(at, 0), len(new_at) - 1)]], 100)}"'
    inserted = next((j1 for tag, _, _, j1, _ in changes if tag == "insert"), None)
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
    versions = _english_sentence_versions(ctx.alignment.source)
    likest = versions.likest(text)
    best = "" if likest is None else versions.texts[likest]
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
    judges_language = True
    name = "stale-untranslated-paragraph"
    summary = "A paragraph is English of an older version of the page"
    severity = Severity.WARNING
    kinds = ("page",)
    options = _OPTIONS
    fix_safety = UNSAFE  # today's English replaces the old: still to be translated, and a word may be wanted

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        if page_untranslated(ctx):
            return  # a page still wholly English is reported once, by untranslated-page
        for item in paragraph_survey(ctx).untranslated:
            if item.stale:
                yield _stale_sentences(item, ctx)
            if not item.whole or item.current:
                continue
            now = _english_now(item, ctx)
            seen = last_seen(item.node, ctx)
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
