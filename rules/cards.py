"""TM2xx: recommendation cards and grid cards must show their own product.

A card says which product it is about three times: its logo, the bold name that opens
its text, and its links. Each rule here reports one kind of damage, and they agree on
who reports what: a card whose content as a whole belongs to another product is one
`misplaced-card` finding, not a wrong logo plus a wrong name plus a wrong downloads list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from posixpath import basename
from urllib.parse import unquote

from linter.align.aligner import Pair
from linter.align.analysis import page_analysis
from linter.engine.findings import SAFE, UNSAFE, Fix, Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.positions import Pos, Span
from linter.parse.source import SourceText
from linter.parse.tree import Admonition, Block, Image, Link, Node, Page
from linter.patterns import lazy

from .card_facts import (
    CardName,
    card_facts,
    card_logo,
    card_name,
    is_downloads,
    is_phrase,
    keeps_name,
    links_in,
    misplaced,
    same_file,
    same_product,
    url_key,
    written_as_text,
)
from .facts import url_in_markup

# What a writer meant as a container header: the markers, whatever follows them.
HEADER_MARKER = lazy(r"^\s*(!{3}|\?{3}\+?|={3}\+?)")
_SPACED_LINK = lazy(r"\]\s+\(")


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
            count = len(links_in(source))
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
    expected, shown = links_in(source), links_in(target)
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

_ATTR_LIST = lazy(r"\{[^{}\n]*\}")
_INLINE_LINK = lazy(r"!?\[[^\[\]]*\]\([^()]*\)")  # no nested brackets: one pass over a long line


def _is_button(link: Link) -> bool:
    return "md-button" in dict(link.attrs).get("class", "").split()


@page_analysis
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

    ## Fix
    Safe: puts a blank line before the button, which starts its own line at
    the paragraph's indentation.
    """

    id = "TM205"
    cost = 2
    name = "joined-button"
    summary = "A button is joined onto the text before it and shows inside that paragraph"
    severity = Severity.WARNING
    kinds = ("paragraph",)
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        target = pair.target
        if not isinstance(target, Block) or target.inline is None:
            return
        english = _leading_buttons(ctx.alignment.source)
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
                fix=_blank_line_before(page.source, target, link),
            )


def _blank_line_before(src: SourceText, paragraph: Block, link: Link) -> Fix:
    """A blank line before the link: after the line before it, or in place of the spaces before it."""
    start = link.span.start
    line = src.lines[start.line - 1]
    before = line[: start.column - 1]
    if not before.strip():
        at = Pos(start.line, 1)
        return Fix.replace(Span(at, at), "\n", "put a blank line before the button")
    first = src.lines[paragraph.span.start.line - 1]
    indent = first[: len(first) - len(first.lstrip())]
    gap = Span(Pos(start.line, len(before.rstrip()) + 1), start)
    return Fix.replace(gap, f"\n\n{indent}", "put a blank line before the button")


RULES = (MismatchedCardLogo, MismatchedCardName, MisplacedCard, MismatchedDownloadLink, JoinedButton)
