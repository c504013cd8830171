"""TM2xx: recommendation cards and grid cards must show their own product.

A card says which product it is about three times: its logo, the bold name that opens
its text, and its links. Each rule here reports one kind of damage, and they agree on
who reports what: a card whose content as a whole belongs to another product is one
`misplaced-card` finding, not a wrong logo plus a wrong name plus a wrong downloads list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from posixpath import basename, normpath
from urllib.parse import unquote

from linter.align.aligner import Alignment, Pair
from linter.align.analysis import analysis
from linter.engine.findings import SAFE, UNSAFE, Fix, Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.positions import Pos, Span
from linter.parse.source import SourceText
from linter.parse.tree import Admonition, Block, Image, Link, Node, Page
from linter.parse.urls import split_url

from .facts import url_in_markup

# A bold product name opening a paragraph, as written; also when the bold is broken
# (`** SimpleX **`, `**Sinal***`), which the markup rules report.
_OPENING_BOLD = re.compile(r"^[ \t]*(\*\*|__)[ \t]*(?P<name>[^\n]+?)[ \t]*\1")
_LINK_TARGET = re.compile(r"\]\([^)\]]*\)")  # no `]` inside: one pass over a line of `](`
_WORD = re.compile(r"\w+")
# Path segments and query keys that localise a link without changing what it points to.
_LANG_SEGMENT = re.compile(r"[a-z]{2}(?:[-_][A-Za-z]{2,4})?")
_LANG_PARAMS = frozenset({"hl", "lang", "locale", "language"})
# What a writer meant as a container header: the markers, whatever follows them.
HEADER_MARKER = re.compile(r"^\s*(!{3}|\?{3}\+?|={3}\+?)")
_SPACED_LINK = re.compile(r"\]\s+\(")
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


@dataclass(frozen=True, slots=True)
class CardName:
    text: str  # as written between the bold markers
    span: Span


@dataclass(eq=False, slots=True)
class CardFacts:
    """What identifies the product of a card; its link targets are read only when needed."""

    node: Node
    logo: Image | None
    name: CardName | None
    _urls: frozenset[str] | None = None

    @property
    def urls(self) -> frozenset[str]:
        if self._urls is None:
            self._urls = frozenset(url_key(link.url) for link in _links(self.node))
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


def _links(node: Node) -> list[Link]:
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


@dataclass(frozen=True, slots=True)
class Misplaced:
    facts: CardFacts  # of the translated card
    origin: str | None  # where the content belongs: "line 110" of this page, or another English page


def misplaced(pair: Pair, ctx: RuleContext) -> Misplaced | None:
    """A translated card whose content as a whole is another product's, or None."""
    source, target = pair.source, pair.target
    if not isinstance(source, Admonition) or not isinstance(target, Admonition):
        return None
    key = ("misplaced-card", target)
    if key not in ctx.alignment.cache:
        ctx.alignment.cache[key] = _misplaced(source, target, ctx)
    return ctx.alignment.cache[key]


def _misplaced(source: Admonition, target: Admonition, ctx: RuleContext) -> Misplaced | None:
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


def _own_card(node: Node) -> Admonition | None:
    """The card a node (a downloads list) sits in."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, Admonition) and card_logo(parent, any_type=True) is not None:
            return parent
        parent = parent.parent
    return None


class MismatchedCardLogo(Rule):
    """A card shows another product's logo than its English counterpart.

    ## What it does
    Compares the logo image of every recommendation card (`!!! recommendation`,
    `<div class="admonition recommendation" markdown>`) and grid card with the
    logo of the English card at the same place. A card whose name and links are
    another product's too is reported once, by `misplaced-card`.

    ## Why is this bad?
    Readers see the wrong product's logo beside the right product's description:
    translation memory or a bad edit pasted another card's image path.

    ## Example
    ```markdown title="English"
    ### SimpleX Chat

    !!! recommendation

        ![Simplex logo](assets/img/messengers/simplex.svg){ align=right }
    ```
    ```markdown title="Translation"
    ### SimpleX Chat

    !!! recommendation

        ![Logo di Simplex](assets/img/messengers/element.svg){ align=right }
    ```
    ```markdown title="Use instead"
    ### SimpleX Chat

    !!! recommendation

        ![Logo di Simplex](assets/img/messengers/simplex.svg){ align=right }
    ```

    ## Fix
    Writes the English card's logo path into the translated logo, which keeps
    its alt text and attributes. Safe when the translated card names the same
    product as the English card it is paired with (its bold name keeps a word of
    the English name): the logo must then be English's. Unsafe when the card
    names no product or another one, since the name may be what is wrong. A card
    that lost its logo is left to the translator.
    """

    id = "TM201"
    name = "mismatched-card-logo"
    summary = "A card shows another logo than its English counterpart"
    severity = Severity.ERROR
    kinds = ("admonition", "item")
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if source is None or target is None:
            return
        expected = card_logo(source)
        if expected is None:
            return
        shown = card_logo(target, any_type=True)
        if shown is not None and same_file(shown.src, expected.src):
            return
        if misplaced(pair, ctx) is not None:
            return
        if shown is None:
            if _logo_link(target, expected.src) is not None:
                return  # a logo written as a link is the missing-`!` defect, reported by the markup rules
            if written_as_text(ctx.alignment.target.source, target, expected.src.lstrip("./")) is not None:
                return  # image markup broken into text: lost-image-marker reports it at the logo's line
            message = f'card shows no logo; English shows "{basename(expected.src)}"'
            yield Report(message, node=target, source=source, source_span=expected.span)
            return
        yield Report(
            f'card shows the logo "{basename(shown.src)}" where English shows "{basename(expected.src)}"',
            node=target,
            span=shown.span,
            source=source,
            source_span=expected.span,
            fix=_logo_fix(ctx, source, target, expected, shown),
        )


def _logo_fix(ctx: RuleContext, source: Node, target: Node, expected: Image, shown: Image) -> Fix | None:
    """The English card's logo path in the translated logo; safe when both cards name the same product."""
    written = url_in_markup(ctx.alignment.target.source, shown)
    wanted = url_in_markup(ctx.alignment.source.source, expected)
    if written is None or wanted is None:
        return None
    english, translated = card_name(source), card_name(target)
    named = english is not None and translated is not None and keeps_name(english.text, translated.text)
    return Fix.replace(written[0], wanted[1], f'write the English logo "{wanted[1]}"', SAFE if named else UNSAFE)


def _logo_link(node: Node, src: str) -> Node | None:
    """A block that links to the logo file instead of showing it (`![` lost its `!`)."""
    for block in node.walk():
        if block.inline is not None and any(link.url == src for link in block.inline.links):
            return block
    return None


class MismatchedCardName(Rule):
    """A card names another product than its English counterpart.

    ## What it does
    Compares the bold name that opens a card's text (`**Signal** is a mobile
    app…`), and the card's title if it has one (`!!! recommendation "Signal"`),
    with the English card's. The name may be extended or partly translated
    ("Brave ブラウザ" for "Brave Browser") as long as it keeps a word of the
    English name.

    ## Why is this bad?
    Product names are not translated: "**Sinal**" (machine translation of
    "Signal") or a transliteration sends readers looking for an app that does
    not exist under that name.

    ## Example
    ```markdown title="English"
    !!! recommendation

        ![Signal logo](assets/img/messengers/signal.svg){ align=right }

        **Signal** is a mobile app developed by Signal Messenger LLC.
    ```
    ```markdown title="Translation"
    !!! recommendation

        ![Logotipo do Signal](assets/img/messengers/signal.svg){ align=right }

        **Sinal** é uma aplicação móvel desenvolvida pela Signal Messenger LLC.
    ```
    ```markdown title="Use instead"
    !!! recommendation

        ![Logotipo do Signal](assets/img/messengers/signal.svg){ align=right }

        **Signal** é uma aplicação móvel desenvolvida pela Signal Messenger LLC.
    ```

    ## Known false positives
    A product sold under a localised name in that language. English names that
    read as a phrase ("Results about you") are not compared.
    """

    id = "TM202"
    name = "mismatched-card-name"
    summary = "A card's bold product name differs from its English counterpart's"
    severity = Severity.WARNING
    kinds = ("admonition",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if not isinstance(source, Admonition) or not isinstance(target, Admonition) or not source.is_card:
            return
        named = [(card_facts(source, ctx, translated=False).name, card_facts(target, ctx, translated=True).name)]
        if source.title and target.title and source.header_span and target.header_span:  # `!!! recommendation "Signal"`
            named.append((CardName(source.title, source.header_span), CardName(target.title, target.header_span)))
        for expected, shown in named:
            if expected is None or shown is None or is_phrase(expected.text):
                continue
            if same_product(expected.text, shown.text) or misplaced(pair, ctx) is not None:
                continue
            yield Report(
                f'card names "{shown.text}" where English names "{expected.text}": product names stay as they are',
                node=target,
                span=shown.span,
                source=source,
                source_span=expected.span,
            )


def is_phrase(name: str) -> bool:
    """A descriptive name in sentence case ("Results about you"), which translators may translate."""
    words = name.split()
    return len(words) > 1 and any(word[:1].islower() for word in words[1:])


class MisplacedCard(Rule):
    """A card holds the content of another product's card.

    ## What it does
    Compares what identifies a card (its logo, the bold name opening its text and
    its links) with the English card at the same place. When at least two of them
    are another product's and none is this product's, the card's content as a whole
    was put in the wrong place; the message names the English card of the page it
    belongs to, when there is one. A card standing where English has another kind
    of box (a card pasted in from another page) is reported too.

    ## Why is this bad?
    Translation memory matched the card's segments with another card's: the page
    describes Element under the heading "SimpleX Chat", with Element's logo and
    download links, and SimpleX is not recommended at all.

    ## Example
    ```markdown title="English"
    ### SimpleX Chat

    !!! recommendation

        ![Simplex logo](assets/img/messengers/simplex.svg){ align=right }

        **SimpleX Chat** is an instant messenger.

        [:octicons-home-16: Homepage](https://simplex.chat){ .md-button }
    ```
    ```markdown title="Translation"
    ### SimpleX Chat

    !!! recommendation

        ![Element logo](assets/img/messengers/element.svg){ align=right }

        **Element** è il client di riferimento per il protocollo Matrix.

        [:octicons-home-16: Pagina principale](https://element.io/){ .md-button }
    ```
    ```markdown title="Use instead"
    ### SimpleX Chat

    !!! recommendation

        ![Simplex logo](assets/img/messengers/simplex.svg){ align=right }

        **SimpleX Chat** è una app di messaggistica istantanea.

        [:octicons-home-16: Pagina principale](https://simplex.chat){ .md-button }
    ```
    """

    id = "TM203"
    name = "misplaced-card"
    summary = "A card holds another product's card content"
    severity = Severity.ERROR
    kinds = ("admonition",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        found = misplaced(pair, ctx)
        source, target = pair.source, pair.target
        if found is None or not isinstance(source, Admonition) or not isinstance(target, Admonition):
            return
        product = found.facts.label()
        if not source.is_card:
            message = f'a card about {product} stands where English has a box of type "{source.tag}"'
        else:
            expected = card_facts(source, ctx, translated=False).label()
            message = f"card is about {product} where English has {expected}"
        if found.origin is not None:
            message += f": its content belongs to {found.origin}"
        else:
            message += ": no English card of this page has this content"
        yield Report(message, node=target, span=target.header_span, source=source)


class MismatchedDownloadLink(Rule):
    """A card's downloads list lost, gained or changed a link.

    ## What it does
    Compares the links of every downloads collapsible (`??? downloads`,
    `<details class="downloads" markdown>`) with the English list, ignoring
    localised parts of a URL (`/us/`, `hl=`), and reports each link that is
    missing, added or pointing elsewhere, and a card whose whole downloads list
    is gone. Other link rules leave downloads lists to this rule.

    ## Why is this bad?
    The downloads list is where readers get the app: a dropped link hides a
    platform, a changed one sends them to another app or a typo-squatted site,
    and `[App Store] (https://…)` (a space before the parenthesis) shows as text.

    ## Example
    ```markdown title="English"
    ??? downloads

        - [:simple-googleplay: Google Play](https://play.google.com/store/apps/details?id=org.briarproject.briar.android)
        - [:simple-flathub: Flathub](https://flathub.org/apps/details/org.briarproject.Briar)
    ```
    ```markdown title="Translation"
    ??? downloads

        - [:simple-googleplay: Google Play](https://play.google.com/store/apps/details?id=org.briarproject.briar)
    ```
    ```markdown title="Use instead"
    ??? downloads

        - [:simple-googleplay: Google Play](https://play.google.com/store/apps/details?id=org.briarproject.briar.android&hl=it)
        - [:simple-flathub: Flathub](https://flathub.org/apps/details/org.briarproject.Briar)
    ```

    ## Known false positives
    A store link deliberately replaced by a regional store that has a different URL.
    """

    id = "TM204"
    name = "mismatched-download-link"
    summary = "A downloads list lost, gained or changed a link"
    severity = Severity.ERROR
    kinds = ("admonition",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if not isinstance(source, Admonition) or not is_downloads(source):
            return
        card = _own_card(source)
        target_card = ctx.counterpart(card) if card is not None else None
        if card is not None and (target_card is None or misplaced(Pair(card, target_card, "card"), ctx)):
            return  # a missing card is reported as missing, a misplaced one by misplaced-card
        if target is None and target_card is not None:
            # The aligner may have left the translated list unpaired; take it if the card has one.
            target = next((n for n in target_card.walk() if is_downloads(n) and ctx.counterpart(n) is None), None)
        if isinstance(target, Admonition):
            yield from _compare_links(source, target, ctx.alignment.target.source)
        elif target_card is not None and not _has_broken_header(target_card):
            count = len(_links(source))
            yield Report(
                f"card lost its downloads list ({count} link{'s' if count != 1 else ''} in English)",
                node=target_card,
                span=target_card.header_span if isinstance(target_card, Admonition) else None,
                source=source,
                source_span=source.span,
            )


def _has_broken_header(card: Node) -> bool:
    """A paragraph that was meant as a header (`???` alone): broken-admonition-header reports it."""
    return any(
        isinstance(node, Block) and node.kind == "paragraph" and HEADER_MARKER.match(node.raw) for node in card.walk()
    )


def _compare_links(source: Node, target: Admonition, text: SourceText) -> Iterator[Report]:
    expected, shown = _links(source), _links(target)
    if sorted(link.url for link in expected) == sorted(link.url for link in shown):
        return  # the usual case: nothing to match
    keys = {link.url: url_key(link.url) for link in expected + shown}
    missing, extra = _unmatched(expected, shown, keys)
    linked = {keys[link.url] for link in shown}
    broken = {}
    for link in missing:
        if keys[link.url] in linked:
            continue  # a duplicate the translation lists once: its URL is on a working link
        as_text = written_as_text(text, target, link.url) or written_as_text(text, target, unquote(link.url))
        if as_text is not None:
            broken[link] = as_text
    for link, (span, written) in broken.items():
        why = ': a space between "]" and "(" breaks it' if _SPACED_LINK.search(written) else ""
        message = f'download link "{link.text}" shows as text, not as a link{why}: "{written}"'
        yield Report(message, node=target, span=span, source=source, source_span=link.span)
    missing = [link for link in missing if link not in broken]
    for old, new in _replaced(missing, extra):
        missing.remove(old)
        extra.remove(new)
        yield Report(
            f'download link "{old.text}" points to "{new.url}" where English has "{old.url}"',
            node=target,
            span=new.span,
            source=source,
            source_span=old.span,
        )
    for link in missing:
        message = f'downloads list lacks the link "{link.text}" ({link.url})'
        yield Report(message, node=target, span=target.header_span, source=source, source_span=link.span)
    for link in extra:
        message = f'downloads list has a link English does not have: "{link.text}" ({link.url})'
        yield Report(message, node=target, span=link.span, source=source)


def _unmatched(expected: list[Link], shown: list[Link], keys: dict[str, str]) -> tuple[list[Link], list[Link]]:
    """The English links whose target the translation lacks, and the translated links English lacks."""
    missing, extra = list(expected), []
    for link in shown:
        same = [old for old in missing if keys[old.url] == keys[link.url]]
        match = next((old for old in same if old.text == link.text), same[0] if same else None)
        if match is None:
            extra.append(link)
        else:
            missing.remove(match)
    return missing, extra


def _replaced(missing: list[Link], extra: list[Link]) -> list[tuple[Link, Link]]:
    """(English, translated) links that stand for each other: same label, else what is left, in order."""
    pairs = []
    left = list(extra)
    for old in missing:
        new = next((link for link in left if link.text.casefold() == old.text.casefold()), None)
        if new is not None:
            pairs.append((old, new))
            left.remove(new)
    rest = [old for old in missing if all(old is not paired for paired, _ in pairs)]
    if len(rest) == len(left):
        pairs += zip(rest, left, strict=True)
    return pairs


# -- buttons --------------------------------------------------------------------------------------

_ATTR_LIST = re.compile(r"\{[^{}\n]*\}")
_INLINE_LINK = re.compile(r"!?\[[^\[\]]*\]\([^()]*\)")  # no nested brackets: one pass over a long line


def _is_button(link: Link) -> bool:
    return "md-button" in dict(link.attrs).get("class", "").split()


def _leading_buttons(page: Page) -> dict[str, Block]:
    """The English page's buttons (by URL) with no text before them in their paragraph, with that paragraph."""
    found: dict[str, Block] = {}
    for node in page.root.walk():
        if isinstance(node, Block) and node.kind == "paragraph" and node.inline is not None:
            for link in node.inline.links:
                if _is_button(link) and not _text_before(page, node, link):
                    found.setdefault(link.url, node)
    return found


def _text_before(page: Page, paragraph: Node, link: Link) -> bool:
    """Whether words precede the link in its paragraph (other links and attribute lists are no text)."""
    lines = page.source.lines[paragraph.span.start.line - 1 : link.span.start.line]
    lines[-1] = lines[-1][: link.span.start.column - 1]
    before = "\n".join(lines)
    return bool(re.search(r"[^\W\d_]", _ATTR_LIST.sub(" ", _INLINE_LINK.sub(" ", before))))


class JoinedButton(Rule):
    """A button is joined onto the text before it, so it shows inside that paragraph.

    ## What it does
    Flags a translated link styled as a button (`{ .md-button }`) that has
    text before it in its paragraph, where the English button has none: the
    blank line between the card's description and its buttons was lost
    (Crowdin joins lines). Buttons side by side are fine.

    ## Why is this bad?
    The button and the card links after it render inside the description
    paragraph, right after its last word, instead of on a line of their own.

    ## Example
    ```markdown title="English"
    !!! recommendation

        **Briar** is an encrypted instant messenger.

        [Homepage](https://briarproject.org/){ .md-button .md-button--primary }
    ```
    ```markdown title="Translation"
    !!! recommendation

        **Briar** è un messenger. [Sito](https://briarproject.org/){ .md-button .md-button--primary }
    ```
    ```markdown title="Use instead"
    !!! recommendation

        **Briar** è un messenger.

        [Sito](https://briarproject.org/){ .md-button .md-button--primary }
    ```
    """

    id = "TM205"
    name = "joined-button"
    summary = "A button is joined onto the text before it and shows inside that paragraph"
    severity = Severity.WARNING
    kinds = ("paragraph",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        target = pair.target
        if not isinstance(target, Block) or target.inline is None:
            return
        english = ctx.alignment.cache.get("leading-buttons")
        if english is None:
            english = ctx.alignment.cache["leading-buttons"] = _leading_buttons(ctx.alignment.source)
        page = ctx.alignment.target
        for link in target.inline.links:
            if not _is_button(link) or link.url not in english or not _text_before(page, target, link):
                continue
            yield Report(
                f'button "{link.text.strip()}" is joined onto the text before it and shows inside that paragraph: '
                "put a blank line before it, as English has",
                node=target,
                span=link.span,
                source=english[link.url],
            )


RULES = (MismatchedCardLogo, MismatchedCardName, MisplacedCard, MismatchedDownloadLink, JoinedButton)
