"""Paragraph text as a reader sees it, for the text rules (TM4xx and text.py).

Words counted across scripts, markup and link targets removed, sentences cut and placed back
in the file through the indentation and markers of the containers a paragraph sits in.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator

from linter.parse.langid import sentence_spans
from linter.parse.positions import Pos, Span
from linter.parse.tree import Block, Node
from linter.patterns import lazy
from linter.records import Value

# A word: two letters or more, or one kana or Han character (Japanese and Chinese need no spaces).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
WORD = lazy(rf"[{_CJK}]|[^\W\d_{_CJK}]{{2,}}")
# A word whole, with the vowel signs Indic scripts write as combining marks ("सुनिश्चित", which WORD cuts
# at each sign), and Thai or Lao letters one by one as the characters of scripts written without spaces.
WHOLE_WORD = lazy(rf"[{_CJK}\u0e00-\u0eff]|(?:[^\W\d_{_CJK}\u0e00-\u0eff]|[\u0300-\u036f\u0900-\u0dff])+")


_OTHER_LETTER = lazy(r"[^\W\d_A-Za-z\u00c0-\u024f]")
_SPACE = lazy(r"\s+")


# What starts a paragraph's line but is the container's, not the text's.
_LINE_PREFIX = lazy(r"[ \t]*(?:>[ \t]?)*[ \t]*")
_LIST_MARKER = lazy(r"(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_FOOTNOTE_LABEL = lazy(r"\[\^[^\]\s]+\]:[ \t]*")  # a footnote's first paragraph starts with its label
# Markup a reader does not see, removed (or reduced to its label) to get the text as read. A label or
# an alt text holds no bracket, and a run is matched from its start only: each pattern is one pass over
# a line, however long (a line of 100,000 `[` must not take minutes).
# A whole run opens (one try per run, not per backtick); a word glued to code (`g`reater, `Response`s)
# spells the code's name and is no prose word either. The pattern starts with its backtick, which the
# regex engine finds by a fast scan; the word before it is taken by `_without_code` (a pattern starting
# with that word was tried at every word of the text: five times slower on the paragraphs of release notes).
_CODE = lazy(r"(`(?<!``)`*)(?!`).+?(?<!`)\1(?!`)\w*")
_IMAGE = lazy(r"!\[[^\[\]]*\](?:\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)|\[[^\[\]]*\])?")
_LINK = lazy(r"\[([^\[\]]*)\](?:\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)|\[[^\[\]]*\])")
# Every branch starts with a character of its own (an underscore's lookbehind comes after it): the regex
# engine then skips to the next of these characters by a fast scan, not by trying each position.
_NOISE = lazy(
    r"\[\^[^\[\]]+\]"  # footnote reference
    r"|\{[^{}\n]*\}"  # attribute list
    r"|:(?=[a-z0-9_+-]*[a-z])[a-z0-9_+-]+:"  # icon or emoji shortcode
    r"|</?[A-Za-z][^<>]*>"  # inline HTML, autolinks
    r"|\]\((?:[^()\s]|\([^()]*\))*\)"  # a link target left without its label
    r"|https?://\S+|\([^()\s/#]*[/#][^()\s]*\)"  # a bare URL or path
    r"|\*\**|~~|==|\^\^|_(?<!\w_)_*|_(?<!__)_*(?!\w)"  # emphasis, strike-through, highlight, insert
    r"|\\(?=[\\`*_{}\[\]()#+\-.!|>~=^])"  # escapes
)
# Link destinations, dropped from quotes so that the words stay readable.
_LINK_TARGET = lazy(r"\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)(?:\{[^{}\n]*\})?")
_PARENTHESES = lazy(r"\([^()]*\)")
# A link's label, as the template `\1` gives it, but called in C: a template is expanded in Python for
# each match (47,000 in the paragraph survey of bench/bigpages.py's release notes).
_LABEL = operator.methodcaller("group", 1)


def words(text: str, limit: int = 10) -> int:
    """How many words `text` has, counting no further than `limit` (callers only compare with small numbers)."""
    return len(list(itertools.islice(WORD.finditer(text), limit)))


@functools.lru_cache(maxsize=16384)
def plain(raw: str, links: bool = True) -> str:
    """Text as a reader sees it: markup, URLs, code and icons removed; `links=False` drops link labels too.

    Cached: an English paragraph is read once for every language. Most text has no code, link or image:
    their patterns, which try every word, run only where their mark is.
    """
    text = _without_code(raw) if "`" in raw else raw
    if "[" in text:
        text = _IMAGE.sub(" ", text)
        text = _LINK.sub(_LABEL if links else " ", text)
    return " ".join(_NOISE.sub("", text).split())


def _without_code(raw: str) -> str:
    """`raw` with each code span, and the word glued before and after it, replaced by a space."""
    parts: list[str] = []
    done = 0  # where the last span replaced ended
    found = _CODE.search(raw)
    while found is not None:
        start = found.start()
        while start > done and _is_word(raw[start - 1]):
            start -= 1
        if start == done and done and _is_word(raw[done - 1]):
            # the word before it ends the last span: not a word's start (as `(?<!\w)\w*` would not match)
            found = _CODE.search(raw, found.start() + 1)
            continue
        parts += (raw[done:start], " ")
        done = found.end()
        found = _CODE.search(raw, done)
    parts.append(raw[done:])
    return "".join(parts)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what `\w` matches in a str pattern


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
            marker = _LIST_MARKER.match(line, cut) or _FOOTNOTE_LABEL.match(line, cut)
            cut = marker.end() if marker else cut
        starts.append(offset)
        cuts.append(cut)
        parts.append(line[cut:])
        offset += len(line) - cut + 1
    return "\n".join(parts), tuple(starts), tuple(cuts)


@functools.lru_cache(maxsize=16384)
def sentence_texts(raw: str) -> tuple[str, ...]:
    """The sentences of a block as read."""
    content = _unwrap(raw)[0]
    return tuple(plain(content[a:b]) for a, b in sentence_spans(content))


class Prose(Value):
    """A paragraph's text as written, without the indentation and markers of its containers."""

    content: str
    _starts: tuple[int, ...]  # offset in `content` where each line starts
    _cuts: tuple[int, ...]  # columns cut from each line (0-based)
    _line: int  # the file line of the first line

    __slots__ = ("content", "_starts", "_cuts", "_line")

    def __init__(self, content: str, _starts: tuple[int, ...], _cuts: tuple[int, ...], _line: int) -> None:
        self.content = content
        self._starts = _starts
        self._cuts = _cuts
        self._line = _line

    @classmethod
    def of(cls, node: Node) -> Prose:
        return _prose(node.raw if isinstance(node, Block) else "", node.span.start.line)

    def pos(self, offset: int) -> Pos:
        index = bisect.bisect_right(self._starts, offset) - 1
        return Pos(self._line + index, self._cuts[index] + offset - self._starts[index] + 1)

    def span(self, start: int, end: int) -> Span:
        return Span(self.pos(start), self.pos(end))

    def sentences(self) -> list[tuple[str, Span]]:
        return [(self.content[a:b], self.span(a, b)) for a, b in sentence_spans(self.content)]


@functools.lru_cache(maxsize=16384)
def _prose(raw: str, line: int) -> Prose:
    """One Prose for a block, however many rules ask (it is immutable)."""
    return Prose(*_unwrap(raw), line)


def non_latin(text: str) -> bool:
    """Letters of another script (Cyrillic, Hebrew, CJK…) in it: at least partly translated."""
    return sum(1 for _ in itertools.islice(_OTHER_LETTER.finditer(text), 3)) == 3


def prose_words(node: Node, limit: int) -> int:
    """Words of the text (up to `limit`), or 0 for a line of links (a list of labels, a video title)."""
    return _content_words(Prose.of(node).content, limit)


@functools.lru_cache(maxsize=16384)
def _content_words(content: str, limit: int) -> int:
    """Cached: English left in a page is the same text in every language."""
    if not WORD.search(_PARENTHESES.sub(" ", plain(content, links=False))):
        return 0
    return words(plain(content), limit)
