"""TM413-TM414: names a translation changed in its text.

A product's name translated as a word or written in another script, and a link text that shows
another domain name than English for the same address.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from linter.align.aligner import Alignment, Pair
from linter.align.analysis import analysis, page_analysis
from linter.engine.findings import Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.langid import sentence_spans
from linter.parse.positions import Pos, Span
from linter.parse.transliteration import NEAR, latin_skeleton, skeletons, sounds_like, sounds_near, words_in_script
from linter.parse.tree import Admonition, Link, Node, Page, Section
from linter.parse.urls import split_url
from linter.patterns import lazy

from .card_facts import card_name, is_phrase, keeps_name
from .headings import product_name
from .prose import Prose, non_latin

# -- product names translated in the text -------------------------------------------------------

_LETTERS = lazy(r"[^\W\d_]+")
_LOOK_ALIKE = 0.75  # how close a word must read to a name to be that name translated ("Sinal", "sessão")
_NAME_OF_WORDS = lazy(r"[\w.+-]+(?: [\w.+-]+)+")  # "SimpleX Chat", not "Briar (Android)"
_SKELETON = 3  # consonants a name needs to be recognised in another script: "Tor" (T L) matches too much


@page_analysis
def _product_names(page: Page) -> list[str]:
    """The products the English page's cards are about, as named there: the bold name a card opens
    with (`**Signal** is…`), and the heading over it when that says more of the name (`## SimpleX Chat`
    over `**SimpleX** Chat is…`)."""
    names = set()
    for node in page.root.walk():
        if isinstance(node, Admonition) and node.is_card:
            name = card_name(node)
            if name is not None and len(name.text) >= 3 and not is_phrase(name.text):
                names.add(name.text)
        elif isinstance(node, Section) and product_name(node) not in (None, node.title):
            if _NAME_OF_WORDS.fullmatch(node.title) and not is_phrase(node.title):
                names.add(node.title)
    return sorted(names)


def _look_alike(name: str, text: str) -> str | None:
    """A word of the text that reads like the name without being it: the name translated."""
    folded = name.casefold()
    for word in _LETTERS.findall(text):
        if difflib.SequenceMatcher(None, word.casefold(), folded, autojunk=False).ratio() >= _LOOK_ALIKE:
            return word
    return None


class TranslatedProductName(Rule):
    """A product name is translated in the text, as if it were a word, or written in other letters.

    ## What it does
    Flags a translated paragraph whose English counterpart names one of the
    page's products (the bold names its cards open with) when the translation
    has no word of that name but a word that reads like it: "Signal" rendered
    as "o sinal", "Session" as "a sessão", "Signal logo" as "Logotipo do
    sinal". A sentence that says "it" instead of the name is not reported. A name written in Hebrew, Cyrillic, katakana
    or hangul letters ("סיגנל", "Сигнал", "シグナル" for "Signal") is reported
    when the paragraph has the name fewer times in Latin letters than English:
    the word must have the name's consonants, and in Hebrew, Cyrillic and
    hangul no vowel the name does not have (but the vowels hangul adds of its
    own); of a name of several words ("SimpleX Chat", from the heading over its
    card), a word after one kept in Latin letters ("SimpleX צ'אט"). The bold name a card opens with is left to
    mismatched-card-name.

    ## Why is this bad?
    Product names are not translated: readers of "o sinal" read "the signal",
    not the app the page recommends, and cannot look it up.

    ## Example
    ```markdown title="English"
    !!! recommendation

        **Signal** is a mobile app developed by Signal Messenger LLC.

    Signal requires your phone number as a personal identifier.
    ```
    ```markdown title="Translation"
    !!! recommendation

        **Signal** é uma aplicação móvel desenvolvida pela Signal Messenger LLC.

    O sinal requer o seu número de telefone como identificador pessoal.
    ```
    ```markdown title="Use instead"
    !!! recommendation

        **Signal** é uma aplicação móvel desenvolvida pela Signal Messenger LLC.

    O Signal requer o seu número de telefone como identificador pessoal.
    ```

    ## Known false positives
    A product sold under a localised name in that language, and a word of
    that language that sounds like the name where the translation drops it
    ("агрегаторы" beside Akregator). Names of one or two consonants ("Tor")
    are not looked for in other scripts.
    """

    id = "TM413"
    cost = 15
    name = "translated-product-name"
    summary = "A product name is translated in the text"
    severity = Severity.WARNING
    kinds = ("paragraph",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if source is None or target is None or pair.how in ("joined", "split"):
            return
        english, translated = _mentions(Prose.of(source).content), _mentions(Prose.of(target).content)
        if english == translated:
            return
        for name in _product_names(ctx.alignment.source):
            said = _count(name, english)
            if not said:
                continue
            found = _transliterated(name, said, translated)
            if found is not None:
                script, word, offset, part = found
                what = f'"{part}" of the product name "{name}"' if part != name else f'the product name "{name}"'
                how = f'is {what} written in {script} letters; English writes it "{name}" here'
            elif keeps_name(name, translated) or (word := _look_alike(name, translated)) is None:
                continue
            else:
                how = f'stands for the product name "{name}", which English uses here'
                at = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", translated)
                offset = at.start() if at else None
            span = None
            if offset is not None:
                start = Prose.of(target).pos(offset)
                span = Span(start, Pos(start.line, start.column + len(word)))
            yield Report(f'"{word}" {how}: product names stay as they are', node=target, span=span)
            return


# The bold name a card opens with is mismatched-card-name's; link destinations, attribute lists, icon
# shortcodes, code spans and HTML tags are not text. Image descriptions are ("Logotipo do sinal").
_NOT_MENTIONS = lazy(
    r"(?=[ \t*_(\{:`<])(?:"  # (what all of these start with: fails fast elsewhere)
    r"^[ \t]*(\*\*|__).+?\1|(?<=\])\([^()\s]*\)|\{[^{}\n]*\}|:[\w-]+:"
    # a whole backtick run opens a code span (one try per run, not one per backtick: linear on long runs)
    r"|(?<!`)(`+)(?!`).+?(?<!`)\2(?!`)|</?[A-Za-z][^<>\n]*>"
    r")"
)


@functools.lru_cache(maxsize=4096)
def _mentions(content: str) -> str:
    """A paragraph as written (its `Prose` content), where a product is mentioned: without its card's opening
    name and markup. Cached: an English paragraph is read for every language."""
    return _NOT_MENTIONS.sub(lambda m: " " * len(m.group()), content)


def _count(name: str, text: str) -> int:
    if name not in text:
        return 0  # most names are in few paragraphs: no pattern to look up
    return len(re.findall(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", text))


def _transliterated(name: str, said: int, text: str) -> tuple[str, str, int, str] | None:
    """A word of the text that writes the name, or the next word of a name of several ("SimpleX צ'אט"),
    in another script, when the text has the name fewer times in Latin letters than English (so a word
    that only sounds alike, beside the name, is left alone): (script, word, offset, the name's word)."""
    words = name.split()
    if _count(name, text) >= said:
        return None
    if len(words) == 1:
        if len(latin_skeleton(name)) < _SKELETON:
            return None
        found = (found for found in words_in_script(text) if sounds_like(found[0], found[1], name))
        return next(((script, word, offset, name) for script, word, offset in found), None)
    for kept, then in itertools.pairwise(words):  # the word after one kept in Latin letters
        for at in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(kept)}\s+", text):
            script, word, offset = next(iter(words_in_script(text[at.end() : at.end() + 40])), ("", "", -1))
            if offset == 0 and sounds_like(script, word, then):
                return script, word, at.end(), then
    return None


# -- names the translation dropped ------------------------------------------------------------

# Capitalised words in a row, the first inside its sentence ("Bramble Handshake", "Double Ratchet").
_RUN = lazy(r"(?<![\w.@/-])[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*")
_TITLE_WORD = lazy(r"[A-Z][a-z]{2,}")  # a name's word that may be lost ("Bramble"; not "VPN", "iOS")
_LOWER_WORD = lazy(r"(?<![\w'’-])[a-z][a-z]+")
_SENTENCE_OPENING = lazy(r"[\W\d_]*")  # what may precede a sentence's first word: quotes, numbers
_NOT_ALNUM = lazy(r"[^a-z0-9]")
_APOSTROPHE = lazy(r"['’]")  # "Lets Encrypt" is written "Let's Encrypt"
# A name of capitalised words, then the lower-case words that say what it is ("Double Ratchet algorithm").
_DESCRIBED = lazy(r"(?P<name>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)+)(?:\s+[a-z]+)+")


@page_analysis
def _lower_case_words(page: Page) -> frozenset[str]:
    """Every word the English page writes in lower case: common words, where capitalised ("Network")."""
    return frozenset(word for node in page.root.walk() for word in _LOWER_WORD.findall(node.text or ""))


@functools.lru_cache(maxsize=4096)
def _runs(text: str) -> tuple[tuple[str, ...], ...]:
    """The runs of capitalised words inside the text's sentences (the word opening a sentence left out).
    Cached: an English paragraph is read for every language."""
    found: list[tuple[str, ...]] = []
    for start, end in sentence_spans(text):
        opening = _SENTENCE_OPENING.match(text, start).end()  # type: ignore[union-attr]  # always matches
        for run in _RUN.finditer(text, start, end):
            words = run.group().split()
            found.append(tuple(words[1:] if run.start() == opening else words))
    return tuple(found)


def _linked_name(link: Link, lower: frozenset[str]) -> tuple[str, bool] | None:
    """The name a link's text gives when the address is named after it, and whether it is a name before
    words that say what it is.

    The whole text is the name, as a project's page is ("[Olm](https://matrix.org/docs/projects/other/olm)"),
    and the English page writes none of its words in lower case (so not a term, "[Censorship](…/Censorship)",
    nor a feature a language names in its words, "[Sealed Sender](…/sealed-sender)"). Or the text is a name
    of capitalised words before lower-case ones, which the address writes as one word, as an identifier
    ("[Double Ratchet algorithm](…/specifications/doubleratchet/)"): a proper name, whatever its words.
    """
    text = link.text.strip()
    whole = _RUN.fullmatch(text) is not None
    described = None if whole else _DESCRIBED.fullmatch(text)
    if not whole and described is None:
        return None  # told by the text alone, before the address is read (most links' text is no name)
    parts = split_url(link.url)
    if parts.scheme not in ("http", "https") or "wikipedia." in (parts.hostname or ""):
        return None
    labels = [label for label in parts.path.split("/") if label]
    named = [label.casefold().rsplit(".", 1)[0] for label in [*labels[-1:], *(parts.hostname or "").split(".")[-2:-1]]]
    if described is None:
        if any(_common(word, lower) for word in text.split()):
            return None
        spelt = _NOT_ALNUM.sub("", text.casefold())
        return (text, False) if any(_NOT_ALNUM.sub("", label) == spelt for label in named) else None
    name = described["name"]
    return (name, True) if _NOT_ALNUM.sub("", name.casefold()) in named else None


def _as_words(text: str, name: str) -> bool:
    """The translated link text writes the name as words of its language: in letters with a case, fewer of
    them capitalised than the name has ("Duplo algoritmo de catraca"), not a name of its own ("Doble
    Trinquete"). In a script without case a name of its own cannot be told, so it is not."""
    written = _LETTERS.findall(text)
    if not written or any(word.lower() == word.upper() for word in written):
        return False
    return sum(word[0].isupper() for word in written) < len(name.split())


def _common(word: str, lower: frozenset[str]) -> bool:
    """A part of the word is a word the English page writes in lower case ("Opt-Out": opt)."""
    return any(part.casefold() in lower for part in _LETTERS.findall(word))


# Where a name may start in the translation: a Latin letter after none ("Olm", "Torを", "ב-Olm").
_LATIN_TOKEN = lazy(r"(?<![A-Za-z\u00c0-\u024f])[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f0-9_-]*")


@dataclass(frozen=True)
class _Writing:
    """The translated page's words, indexed once so that asking for a name costs no pass over the page (its
    words in other scripts only when a name is not written in Latin letters: most are)."""

    latin: list[str]  # every word from a Latin letter on, folded and sorted ("lets" for "Let's")
    text: str  # the page's text, indexed in other scripts when a name is first not found in Latin letters

    @functools.cached_property
    def script(self) -> dict[str, set[tuple[str, str]]]:
        """Consonant skeleton, one consonant maybe "?" -> (script, word): each distinct word transliterated once."""
        found: dict[str, set[tuple[str, str]]] = {}
        for name_script, word in {(name_script, word) for name_script, word, _ in words_in_script(self.text)}:
            for skeleton in skeletons(name_script, word):
                for key in _keys(skeleton):
                    found.setdefault(key, set()).add((name_script, word))
        return found

    def has(self, name: str) -> bool:
        """The name is written: in Latin letters (a word starting with it), or in another script."""
        folded = _APOSTROPHE.sub("", name).casefold()
        at = bisect.bisect_left(self.latin, folded)
        if at < len(self.latin) and self.latin[at].startswith(folded):
            return True
        skeleton = latin_skeleton(name)
        found = set().union(*(self.script.get(key, ()) for key in _keys(skeleton)))
        return any(sounds_near(script, word, name) for script, word in sorted(found))


def _keys(skeleton: str) -> list[str]:
    """The skeleton, and for a long one each spelling with one consonant unknown (sounds_near's leeway)."""
    if len(skeleton) < NEAR:
        return [skeleton]
    return [skeleton, *(skeleton[:i] + "?" + skeleton[i + 1 :] for i in range(len(skeleton)))]


@analysis
def _writing(alignment: Alignment) -> _Writing:
    text = "\n".join(node.text for node in alignment.target.root.walk() if node.text)
    latin = sorted(token.casefold() for token in _LATIN_TOKEN.findall(_APOSTROPHE.sub("", text)))
    return _Writing(latin, text)


class DroppedName(Rule):
    """A name of the English paragraph is gone from the translation.

    ## What it does
    Flags a translated paragraph whose English counterpart gives a name that
    the translated page writes nowhere (not in Latin letters, inflected or
    not, nor in its own script as "מטריקס" for Matrix), where the evidence
    says the name is one to keep:

    - a link's whole text is the name and its address is named after it, as a
      project's page is (`[Olm](https://matrix.org/docs/projects/other/olm)`),
      and the English page writes no word of it in lower case;
    - a link's text is a name of capitalised words before words that say
      what it is (`[Double Ratchet algorithm](…/doubleratchet/)`), the address
      writes the name as one word, and the translated link text writes it as
      words of its language, fewer of them capitalised than the name has
      ("Duplo algoritmo de catraca"), not as a name of its own;
    - in a translation written in another script, a name of several
      capitalised words ("Bramble Handshake") keeps a later word in Latin
      letters ("Handshake") but loses its first, which the English page writes
      nowhere in lower case.

    Names of common words ("[Censorship](…)"), encyclopedia articles, the
    titles of linked pages and the descriptors languages translate ("Google
    Drive" as "Google Диск") are left alone.

    ## Why is this bad?
    The reader never learns the name: "the ratchet used by Matrix" where
    English says "the Olm ratchet" cannot be looked up, and "the Handshake
    protocol" is not the Bramble Handshake protocol.

    ## Example
    ```markdown title="English"
    Briar uses the Bramble [Handshake](https://example.org/bhp) protocol.
    ```
    ```markdown title="Translation"
    בריאר משתמש בפרוטוקול [Handshake](https://example.org/bhp).
    ```
    ```markdown title="Use instead"
    בריאר משתמש בפרוטוקול Bramble [Handshake](https://example.org/bhp).
    ```

    ## Known false positives
    A translation that gives the name in a translated form of its own.
    """

    id = "TM416"
    cost = 8
    name = "dropped-name"
    summary = "A name of the English paragraph is gone from the translation"
    severity = Severity.WARNING
    kinds = ("paragraph", "item")

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if source is None or target is None or pair.how in ("joined", "split") or source.text == target.text:
            return
        lost = next(self._lost(source, target, ctx), None)
        if lost is not None:
            name, run, span = lost
            said = f'"{name}" (English: "{run}")' if run != name else f'"{name}"'
            yield Report(
                f"the name {said} is gone: the translated page writes it nowhere; names stay as they are",
                node=target,
                span=span,
            )

    @staticmethod
    def _lost(source: Node, target: Node, ctx: RuleContext) -> Iterator[tuple[str, str, Span | None]]:
        """(the name, the English words it stands in, where the translation has the rest of them)."""
        lower = _lower_case_words(ctx.alignment.source)
        for link in source.inline.links if source.inline else []:
            found = _linked_name(link, lower)
            # the page is indexed when a name is first asked for: most pages have no candidate
            if found is None or any(_writing(ctx.alignment).has(word) for word in found[0].split()):
                continue
            name, described = found
            same = [other for other in target.inline.links if other.url == link.url] if target.inline else []
            if not described or (same and _as_words(same[0].text, name)):
                yield name, link.text.strip(), same[0].span if same else None  # English: the link's text
        if not non_latin(target.text):
            return  # in Latin letters, a word kept from a name may be the language's own ("Base", "Guide")
        titles = [link.text for link in source.inline.links] if source.inline else []
        for words in _runs(source.text):
            # A name kept as English among the translation's own letters: a later word of it stays ("Handshake")
            # and its first is lost: the brand, not a descriptor a language may translate ("Google Диск").
            if len(words) < 2 or any(" ".join(words) in title for title in titles):
                continue  # a linked page's title ("[Knowledge Base](…)") is translated as the page is
            first, *rest = words
            kept = next((word for word in rest if _TITLE_WORD.fullmatch(word) and _count(word, target.text)), None)
            if kept and _TITLE_WORD.fullmatch(first) and not _common(first, lower):
                if not _writing(ctx.alignment).has(first):
                    yield first, " ".join(words), _word_span(kept, target)


def _word_span(word: str, node: Node) -> Span | None:
    prose = Prose.of(node)
    at = re.search(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])", prose.content)
    if at is None:
        return None
    start = prose.pos(at.start())
    return Span(start, Pos(start.line, start.column + len(word)))


# -- domain names shown in link text ------------------------------------------------------------

# Bounded by ASCII only: CJK text runs right up to a domain ("accounts.firefox.comの").
DOMAIN = lazy(r"(?<![A-Za-z0-9.-])(?:[a-z0-9-]+\.)+[a-z]{2,}(?![A-Za-z0-9-])", re.IGNORECASE)


def _host(url: str) -> str:
    host = split_url(url).hostname or ""
    return host.removeprefix("www.")


class ChangedDomainText(Rule):
    """A link's text shows another domain name than English, for the same address.

    ## What it does
    Flags a translated link whose English text shows the domain it points to
    ("Visit getsession.org") when the translated text of the same link shows
    a different domain name: a typo, or a domain a translator rewrote. Text
    that drops the domain name is not reported.

    ## Why is this bad?
    Readers type what they read: a misspelt domain sends them to someone
    else's site, however right the link itself is.

    ## Example
    ```markdown title="English"
    [Visit getsession.org](https://getsession.org/){ .md-button }
    ```
    ```markdown title="Translation"
    [Visite getession.org](https://getsession.org/){ .md-button }
    ```
    ```markdown title="Use instead"
    [Visite getsession.org](https://getsession.org/){ .md-button }
    ```
    """

    id = "TM414"
    cost = 6
    name = "changed-domain-text"
    summary = "A link's text shows another domain name than English for the same address"
    severity = Severity.WARNING
    kinds = ("paragraph", "item")

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if source is None or target is None or source.inline is None or target.inline is None:
            return
        if not target.inline.links:
            return
        shown = {link.url: domain for link in source.inline.links for domain in _shown_host(link.text, link.url)}
        for link in target.inline.links:
            english = shown.get(link.url)
            if english is None:
                continue
            written = [d for d in DOMAIN.findall(link.text) if d.casefold().removeprefix("www.") != english]
            if written and not any(d.casefold().removeprefix("www.") == english for d in DOMAIN.findall(link.text)):
                yield Report(
                    f'link text shows "{written[0]}" where English shows "{english}", the domain it links to',
                    node=target,
                    span=link.span,
                )


@functools.lru_cache(maxsize=4096)
def _shown_host(text: str, url: str) -> tuple[str, ...]:
    """The link's own domain when its text shows it ("Visit signal.org" for https://signal.org/); cached, as
    an English link is read for every language."""
    shown = DOMAIN.findall(text)
    if not shown:
        return ()  # the address is read only for a text that shows a domain
    host = _host(url).casefold()
    return (host,) if host and any(d.casefold().removeprefix("www.") == host for d in shown) else ()


RULES = (
    TranslatedProductName,
    DroppedName,
    ChangedDomainText,
)
