"""How links and images are written: the markup the link rules read, show and repair.

A link or image and its block (`Ref`); where a translation shows an English link as text and why
Python-Markdown, which renders the site, does not read it as a link (`[text] (url)`,
`[text]（url）` and `text](url)` all show as plain text there; tests/test_links.py checks each
variant against the renderer); where an address is written, for fixes; links quoted in messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from os.path import commonprefix
from urllib.parse import unquote

from linter.align.aligner import Alignment
from linter.engine.findings import SAFE, UNSAFE, Fix
from linter.parse.positions import Pos, Span
from linter.parse.source import SourceText
from linter.parse.tree import Image, Link, Node
from linter.parse.urls import split_url
from linter.patterns import lazy
from linter.records import Value

from .facts import own_span, quote, url_in_markup

_MAX_QUOTE = 70
# Why an image shows as a link or text (lost-image-marker), as its fix tells them apart.
NO_BANG, SPACED_BANG, NO_MARKER = 'its "!" is missing', 'a space after "!"', 'its "![" is missing'


# A single character that may continue a URL: a URL found in text must not be a prefix of a longer one.
_URL_CHAR = lazy(r"[\w/%\-.~?#=&+]")
_URL_RUN = lazy(_URL_CHAR.pattern + "+")
# What closes a link after its URL: `>` of `<url>`, a title, `)`.
_LINK_END = lazy(r""">?[ \t]*(?:(?:"[^"\n]*"|'[^'\n]*')[ \t]*)?\)""")  # spaces read one way only
# `]` and `(` apart or full-width, right before a URL: `[text] (url`, `[text]（url`.
_SPLIT = lazy(r"([\]】］])(\s*)([(（])$")
# What may stand between a detached `[text]` and its `(url)`: a few words, no other markup.
_WORDS_ONLY = lazy(r"[^()（）\[\]]{1,60}")


class Ref:
    """A link or image and the block that holds it (compared and hashed by identity)."""

    item: Link | Image
    node: Node

    __slots__ = ("item", "node")

    def __init__(self, item: Link | Image, node: Node) -> None:
        self.item = item
        self.node = node

    @property
    def url(self) -> str:
        return self.item.url if isinstance(self.item, Link) else self.item.src


class Visible(Value):
    """English link or image markup the translation shows as text, and why it does not render."""

    english: Ref
    node: Node  # translated block
    span: Span
    shown: str  # the text a reader sees
    reason: str

    __slots__ = ("english", "node", "span", "shown", "reason")

    def __init__(self, english: Ref, node: Node, span: Span, shown: str, reason: str) -> None:
        self.english = english
        self.node = node
        self.span = span
        self.shown = shown
        self.reason = reason


# -- text a reader sees instead of a link ------------------------------------------------------


def node_text(src: SourceText, node: Node) -> tuple[str, int]:
    """A block's source text and the offset where it starts."""
    span = own_span(node)
    begin = src.offset(span.start.line, span.start.column)
    end = src.offset(span.end.line, span.end.column) if span.end.line <= len(src.lines) else len(src.text)
    return src.text[begin:end], begin


def _url_as_written(src: SourceText, ref: Ref) -> str:
    """The URL as the English page writes it (markdown-it percent-encodes what it parses)."""
    span = ref.item.span
    raw = src.text[src.offset(span.start.line, span.start.column) : src.offset(span.end.line, span.end.column)]
    cut = raw.rfind("](")
    return raw[cut + 2 :].lstrip("<") if cut >= 0 else ref.url


def _why_not_rendered(text: str, at: int, end: int, marker: str = "[") -> tuple[str, int] | None:
    """Why the markup around a URL at text[at:end] is no link for Python-Markdown, and where it starts.

    None when it is written as a proper link (markdown-it may still have refused it, e.g. for a
    space in the URL, but Python-Markdown renders it). `marker` is how the markup should open.
    """
    before = text[:at].removesuffix("<")
    after = text[end:]
    if before.endswith("]("):
        close = len(before) - 2
        floor = text.rfind("](", 0, close) + 1  # never look into the previous link
        opener = max(text.rfind(c, floor, close) for c in "[【［")
        if text[close - 1 : close] == "\\" or (opener > 0 and text[opener - 1] == "\\"):
            return 'its brackets are escaped with "\\"', max(opener - 1, 0)
        if opener < 0:
            return f'its "{marker}" is missing', _line_start(text, close)
        if text[opener] != "[":
            return f'"{text[opener]}" is a full-width bracket', opener
        if after.startswith("）"):
            return '"）" is a full-width parenthesis', opener
        if not _LINK_END.match(after):
            return 'its ")" is missing', opener
        return None
    match = _SPLIT.search(before[-200:])
    if match:
        match_start = len(before) - len(before[-200:]) + match.start()
        opener = max(max(text.rfind(c, 0, match_start) for c in "[【［"), 0)
        if match.group(2):
            return 'a space between "]" and "(" splits it', opener
        return f'"{match.group(1)}{match.group(3)}" are full-width brackets', opener
    if before.endswith(("(", "（")):
        last_close = max(before.rfind("]"), before.rfind("】"))
        opener = text.rfind("[", last_close + 1, at)
        if opener >= 0:
            return 'its "]" is missing', opener
        between = before[last_close + 1 : -1]
        if last_close >= 0 and between[:1] not in ("(", "（") and _WORDS_ONLY.fullmatch(between):
            return 'words between "]" and "(" part its text from its address', max(text.rfind("[", 0, last_close), 0)
        return f'its "{marker} ]" brackets are gone', at - 1
    if text[:at].count("`") % 2:
        return "it is written as code between backticks, so readers cannot click it", text.rfind("`", 0, at)
    if before.endswith(('href="', 'src="')):
        return None  # an HTML link or image: the parser read it as one
    return "its link markup is gone", at


def _line_start(text: str, index: int) -> int:
    """Where the line holding `index` starts, after its indentation."""
    start = text.rfind("\n", 0, index) + 1
    while start < index and text[start] in " \t":
        start += 1
    return start


class VisibleUrls:
    """Where a group's translated blocks show English links' or images' URLs as text.

    Each block's text is read once and each form of a URL searched for once per block: English
    links that share a URL (a reference used thousands of times) asked again for each, and each
    search read the whole block (a paragraph of 53,000 reference links: 12 s). Where a form can
    stand alone, each of its runs of URL characters is a whole run of the block (the characters
    around it are none), so a form is looked up by its longest run in the block's runs, not searched
    for from the block's start (14,000 images that lost their `!` in a 1 MB paragraph: 4.5 s).
    """

    def __init__(self, src: SourceText, english_src: SourceText, nodes: Sequence[Node], marker: str = "[") -> None:
        self.src, self.english_src, self.nodes, self.marker = src, english_src, nodes, marker
        self.read: list[tuple[Node, str, int]] | None = None
        self.runs: dict[int, dict[str, list[int]]] = {}  # a block's runs of URL characters: where each starts
        self.shown: dict[tuple[int, str], tuple[int, tuple[str, int] | None] | None] = {}

    def find(self, ref: Ref) -> Visible | bool:
        """Where the translation shows `ref`'s URL as text; True when it is written as a proper link after
        all (which markdown-it refused, but Python-Markdown renders), False when absent."""
        forms = dict.fromkeys((_url_as_written(self.english_src, ref), ref.url, unquote(ref.url)))
        for index, (node, text, begin) in enumerate(self._blocks()):
            for form in forms:
                if (index, form) not in self.shown:
                    self.shown[index, form] = self._first(text, form, self._places(index, text, form))
                found = self.shown[index, form]
                if found is None:
                    continue
                end, why = found
                if why is None:
                    return True
                reason, start = why
                stop = end + 1 if text[end : end + 1] in (")", "）") else end
                span = Span(self.src.pos(begin + start), self.src.pos(begin + stop))
                return Visible(ref, node, span, text[start:stop], reason)
        return False

    def _blocks(self) -> list[tuple[Node, str, int]]:
        """Each block, its text and where it starts, read when an English URL is first looked for."""
        if self.read is None:
            self.read = [(node, *node_text(self.src, node)) for node in self.nodes]
        return self.read

    def _places(self, index: int, text: str, form: str) -> Iterable[int]:
        """Where `form` may stand alone in the block, in order: at least every place it does."""
        longest = max(_URL_RUN.finditer(form), key=lambda run: len(run.group()), default=None)
        if longest is None:  # no URL character: every place it is written
            return _occurrences(text, form)
        if index not in self.runs:
            runs = self.runs[index] = {}
            for run in _URL_RUN.finditer(text):
                runs.setdefault(run.group(), []).append(run.start())
        # The run that ends the form may be followed by a slash that ends the URL (`.../page/`).
        keys = [longest.group(), longest.group() + "/"] if longest.end() == len(form) else [longest.group()]
        return sorted(place - longest.start() for key in keys for place in self.runs[index].get(key, ()))

    def _first(self, text: str, form: str, places: Iterable[int]) -> tuple[int, tuple[str, int] | None] | None:
        """Where the first `form` that stands alone in `text` as a URL (not inside a longer one, not a
        link's text) ends, and why it does not render there (None: it does); None if there is none."""
        for at in places:
            if at < 0 or not text.startswith(form, at):
                continue
            end = at + len(form)
            end += text[end : end + 1] == "/" and not _URL_CHAR.match(text[end + 1 : end + 2])
            label = text.startswith("](", end)  # the text of a link that goes elsewhere: not this one
            if not label and not _URL_CHAR.match(text[end : end + 1]) and not _URL_CHAR.match(text[at - 1 : at] or " "):
                return end, _why_not_rendered(text, at, end, self.marker)
        return None


def _occurrences(text: str, form: str) -> Iterator[int]:
    at = text.find(form)
    while at >= 0:
        yield at
        at = text.find(form, at + 1)


# -- fixes ----------------------------------------------------------------------------------------


_FULL_WIDTH = str.maketrans("【［】］（）", "[[]]()")
_REPAIRED = lazy(r"\[[^\[\]\n]*\]\([^()\s]+(?: +\"[^\"\n]*\")?\)")


def markup_fix(src: SourceText, shown: Visible) -> Fix | None:
    """`[text] (url)`, `【text】（url）` or `\\[text\\](url)` written as the link it was meant to be.

    Only when what is left is exactly one link (its address is changed-link-target's
    business): a missing bracket has no single answer (where did the text start?).
    """
    repaired = re.sub(r"\\(?=[\[\]])", "", shown.shown.translate(_FULL_WIDTH))
    repaired = re.sub(r"\][ \t]+\(", "](", repaired)
    match = _REPAIRED.fullmatch(repaired)
    if match is None or repaired == shown.shown:
        return None
    begin = src.offset(shown.span.start.line, shown.span.start.column)
    if src.text[begin : begin + len(shown.shown)] != shown.shown:
        return None
    span = Span(shown.span.start, src.pos(begin + len(shown.shown)))
    return Fix.replace(span, repaired, f'write the link as "{quote_link(repaired)}"')


def marker_fix(alignment: Alignment, lost: Visible) -> Fix | None:
    """An image's lost `!` or `![` written back where its alt text starts."""
    start = lost.span.start
    if lost.reason == NO_BANG:
        return Fix.replace(Span(start, start), "!", 'write "!"')
    if lost.reason == SPACED_BANG:
        return Fix.replace(Span(Pos(start.line, start.column - 2), start), "!", 'remove the space after "!"')
    image = lost.english.item.span.start
    english_line = alignment.source.source.lines[image.line - 1][: image.column - 1]
    translated_line = alignment.target.source.lines[start.line - 1][: start.column - 1]
    if lost.reason == NO_MARKER and not english_line.strip() and not translated_line.strip():
        return Fix.replace(Span(start, start), "![", 'write "!["')
    return None  # mid-sentence: where the alt text starts has no single answer


def url_fix(alignment: Alignment, english: Ref, translated: Ref, what: str) -> Fix | None:
    """The English address, as the English page writes it, in place of the translated one.

    Safe within one site (a typo, a pasted address, a translated page name); another host may
    be the reader's edition of a site the localisation rules do not know, so that fix is unsafe.
    """
    written = url_in_markup(alignment.target.source, translated.item)
    expected = url_in_markup(alignment.source.source, english.item)
    if written is None or expected is None:
        return None
    same_site = split_url(english.url).netloc.casefold() == split_url(translated.url).netloc.casefold()
    safety = SAFE if same_site else UNSAFE
    return Fix.replace(written[0], expected[1], f'write the English {what} "{expected[1]}"', safety)


# -- how messages name things -------------------------------------------------------------------


def quote_link(text: str) -> str:
    return quote(text, _MAX_QUOTE)


def differing(a: str, b: str) -> tuple[str, str]:
    """Two long URLs quoted from a little before where they differ, so the difference shows."""
    if max(len(a), len(b)) <= _MAX_QUOTE:
        return a, b
    cut = len(commonprefix([a, b])) - 25
    if cut <= len("https://"):
        return quote_link(a), quote_link(b)
    return quote_link("…" + a[cut:]), quote_link("…" + b[cut:])
