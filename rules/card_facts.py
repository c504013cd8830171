"""What a card says it is about, for the TM2xx card rules and the rules that look into cards.

A card names its product three times: its logo, the bold name that opens its text, and its
links. `card_facts` reads them; `misplaced` says when a card's content as a whole belongs to
another English card.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from posixpath import basename, normpath

from linter.align.aligner import Alignment, Pair
from linter.align.analysis import analysis, context_analysis
from linter.engine.rule import RuleContext
from linter.parse.positions import Pos, Span
from linter.parse.source import SourceText
from linter.parse.tree import Admonition, Block, Image, Link, Node
from linter.parse.urls import split_url
from linter.patterns import lazy
from linter.records import Value

# A bold product name opening a paragraph, as written; also when the bold is broken
# (`** SimpleX **`, `**Sinal***`), which the markup rules report.
_OPENING_BOLD = lazy(r"^[ \t]*(\*\*|__)[ \t]*(?P<name>[^\n]+?)[ \t]*\1")
_LINK_TARGET = lazy(r"\]\([^)\]]*\)")  # no `]` inside: one pass over a line of `](`
_WORD = lazy(r"\w+")
# Path segments and query keys that localise a link without changing what it points to.
_LANG_SEGMENT = lazy(r"[a-z]{2}(?:[-_][A-Za-z]{2,4})?")
_LANG_PARAMS = frozenset({"hl", "lang", "locale", "language"})


_URL_CHARS = frozenset("/?#&=.%-_~+:@")  # a URL that goes on here is another URL


def card_logo(node: Node, any_type: bool = False) -> Image | None:
    """The logo of a recommendation card, or of a grid-card list item; None for other nodes.

    `any_type` accepts an admonition of any type: a card whose keyword was translated
    (`!!! המלצה`) still shows a logo.
    """
    if isinstance(node, Admonition):
        return node.logo() if node.is_card or any_type else None
    if node.kind == "item" and node.parent is not None and node.parent.parent is not None:
        if node.parent.parent.kind == "grid":
            for block in node.walk():
                if block.inline is not None and block.inline.images:
                    return block.inline.images[0]
    return None


def same_file(a: str, b: str) -> bool:
    """Two image paths name the same file: `/assets/x.svg`, `./assets/x.svg` and `assets/x.svg` do."""
    return a.lstrip("./") == b.lstrip("./")


def url_key(url: str) -> str:
    """A link target without what localisation may change: scheme, `www.`, language segments and parameters."""
    parts = split_url(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = "/".join(s for s in parts.path.split("/") if s and not _LANG_SEGMENT.fullmatch(s))
    query = "&".join(p for p in parts.query.split("&") if p and p.split("=", 1)[0].lower() not in _LANG_PARAMS)
    return f"{host}/{path}?{query}#{parts.fragment}"


def is_downloads(node: Node | None) -> bool:
    return isinstance(node, Admonition) and node.tag.casefold() == "downloads"


class CardName(Value):
    """A card's product name, as written between its bold markers."""

    text: str  # as written between the bold markers
    span: Span

    __slots__ = ("text", "span")

    def __init__(self, text: str, span: Span) -> None:
        self.text = text
        self.span = span


class CardFacts:
    """What identifies the product of a card; its link targets are read only when needed."""

    node: Node
    logo: Image | None
    name: CardName | None
    _urls: frozenset[str] | None

    __slots__ = ("node", "logo", "name", "_urls")

    def __init__(
        self, node: Node, logo: Image | None, name: CardName | None, _urls: frozenset[str] | None = None
    ) -> None:
        self.node = node
        self.logo = logo
        self.name = name
        self._urls = _urls

    @property
    def urls(self) -> frozenset[str]:
        if self._urls is None:
            self._urls = frozenset(url_key(link.url) for link in links_in(self.node))
        return self._urls

    def label(self) -> str:
        if self.name is not None:
            return f'"{self.name.text}"'
        return f'"{basename(self.logo.src)}"' if self.logo is not None else "another product"


def _text_paragraphs(card: Node) -> Iterator[Block]:
    """The card's own paragraphs without an image, in order (nested admonitions excluded)."""
    stack = list(reversed(card.children))
    while stack:
        node = stack.pop()
        if isinstance(node, Admonition):
            continue
        if isinstance(node, Block) and node.kind == "paragraph" and node.inline and not node.inline.images:
            yield node
        stack.extend(reversed(node.children))


def card_name(card: Node, look: int = 1) -> CardName | None:
    """The bold name opening one of the first `look` text paragraphs (`**Signal** is a mobile app`)."""
    for index, block in enumerate(_text_paragraphs(card)):
        if index >= look:
            break
        match = _OPENING_BOLD.match(block.raw)
        if match is None:
            continue
        text = _LINK_TARGET.sub("", match.group("name")).replace("[", "").strip()
        line = block.span.start.line
        return CardName(text, Span(Pos(line, match.start(1) + 1), Pos(line, match.end() + 1))) if text else None
    return None


def written_as_text(src: SourceText, node: Node, url: str) -> tuple[Span, str] | None:
    """The line of `node` where `url` is written whole (span, stripped text): markup that failed to render it."""
    first = node.span.start.line
    for number, line in enumerate(src.lines[first - 1 : node.span.end.line], start=first):
        at = line.find(url)
        after = line[at + len(url) : at + len(url) + 1]
        if at >= 0 and not (after.isalnum() or after in _URL_CHARS):
            written = line.strip()
            column = line.index(written) + 1
            return Span(Pos(number, column), Pos(number, column + len(written))), written
    return None


def keeps_name(name: str, text: str) -> bool:
    """Whether a text keeps a word of a product name as a word: "Signal の設定" does, "Elemento" does not."""
    words = [word for word in _WORD.findall(name.casefold()) if len(word) >= 3] or [name.casefold().strip()]
    folded = text.casefold()
    return any(re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", folded) for word in words)


def same_product(english: str, translated: str) -> bool:
    """Whether a translated name keeps a word of the English one ("Brave ブラウザ" keeps "Brave")."""
    folded = translated.casefold()
    words = [w for w in _WORD.findall(english.casefold()) if len(w) >= 3] or [english.casefold().strip()]
    return any(word in folded for word in words)


def card_facts(card: Node, ctx: RuleContext, translated: bool) -> CardFacts:
    """Logo and name of a card; computed once per node and shared by the rules."""
    return _card_facts(ctx.alignment, card, translated)


@analysis
def _card_facts(alignment: Alignment, card: Node, translated: bool) -> CardFacts:
    return CardFacts(card, card_logo(card, any_type=True), card_name(card, look=2 if translated else 1))


def links_in(node: Node) -> list[Link]:
    return [link for block in node.walk() if block.inline is not None for link in block.inline.links]


def _compare(a: CardFacts, b: CardFacts, links: bool = True) -> tuple[int, int]:
    """How many identifying facts two cards share, and how many they contradict."""
    agree = disagree = 0
    if a.logo is not None and b.logo is not None:
        if same_file(a.logo.src, b.logo.src):
            agree += 1
        else:
            disagree += 1
    if a.name is not None and b.name is not None:
        if same_product(a.name.text, b.name.text) or same_product(b.name.text, a.name.text):
            agree += 1
        else:
            disagree += 1
    if links and a.urls and b.urls:
        overlap = len(a.urls & b.urls) / len(a.urls | b.urls)
        if overlap >= 0.5:
            agree += 1
        elif not overlap:
            disagree += 1
    return agree, disagree


class Misplaced(Value):
    """A translated card whose content belongs to another card or page."""

    facts: CardFacts  # of the translated card
    origin: str | None  # where the content belongs: "line 110" of this page, or another English page

    __slots__ = ("facts", "origin")

    def __init__(self, facts: CardFacts, origin: str | None) -> None:
        self.facts = facts
        self.origin = origin


def misplaced(pair: Pair, ctx: RuleContext) -> Misplaced | None:
    """A translated card whose content as a whole is another product's, or None."""
    source, target = pair.source, pair.target
    if not isinstance(source, Admonition) or not isinstance(target, Admonition):
        return None
    return _misplaced(ctx, source, target)


@context_analysis
def _misplaced(ctx: RuleContext, source: Admonition, target: Admonition) -> Misplaced | None:
    facts = card_facts(target, ctx, translated=True)
    if not source.is_card:
        # A card where English has another kind of box: pasted in from elsewhere.
        pasted = target.is_card and facts.logo is not None
        return Misplaced(facts, _origin(facts, source, ctx)) if pasted else None
    expected = card_facts(source, ctx, translated=False)
    agree, disagree = _compare(facts, expected, links=False)
    if agree or not disagree:
        return None  # the usual case, settled without reading the links
    agree, disagree = _compare(facts, expected)
    if agree or disagree < 2:
        return None
    return Misplaced(facts, _origin(facts, source, ctx))


def _origin(facts: CardFacts, source: Node, ctx: RuleContext) -> str | None:
    """Where the translated card's content belongs: another card of this page, else of the site."""
    here = ctx.alignment.source
    found = _matching_card(facts, here.root, source, ctx)
    if found is not None:
        return f"the English card at line {found.span.start.line}"
    if ctx.site is None:
        return None
    for path in ctx.site.source_paths():  # only reached for a misplaced card: rare enough to load the site
        page = ctx.site.page(path)
        if page is not None and normpath(page.path) != normpath(here.path):
            if _matching_card(facts, page.root, None, ctx) is not None:
                return f"a card of {path}"
    return None


def _matching_card(facts: CardFacts, root: Node, skip: Node | None, ctx: RuleContext) -> Node | None:
    """The English card under `root` (other than `skip`) that has the same product as `facts`."""
    for node in root.walk():
        if node is skip or not isinstance(node, Admonition) or not node.is_card:
            continue
        agree, disagree = _compare(facts, card_facts(node, ctx, translated=False))
        if agree >= 2 and not disagree:
            return node
    return None


def is_phrase(name: str) -> bool:
    """A descriptive name in sentence case ("Results about you"), which translators may translate."""
    words = name.split()
    return len(words) > 1 and any(word[:1].islower() for word in words[1:])
