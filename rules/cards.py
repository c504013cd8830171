"""TM2xx: recommendation cards and grid cards must show their own product."""

from __future__ import annotations

from collections.abc import Iterator
from posixpath import basename

from linter.align import Pair
from linter.findings import Severity
from linter.rule import Report, Rule, RuleContext
from linter.tree import Admonition, Image, Node


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


def _logo_link(node: Node, src: str) -> Node | None:
    """A block that links to the logo file instead of showing it (`![` lost its `!`)."""
    for block in node.walk():
        if block.inline is not None and any(link.url == src for link in block.inline.links):
            return block
    return None


class MismatchedCardLogo(Rule):
    """A card shows another product's logo than its English counterpart.

    ## What it does
    Compares the logo image of every recommendation card (`!!! recommendation`,
    `<div class="admonition recommendation" markdown>`) and grid card with the
    logo of the English card at the same place.

    ## Why is this bad?
    The card under "SimpleX Chat" shows Element's logo (and usually Element's
    text too): translation memory pasted another card's content. Readers are
    told about the wrong product.

    ## Example
    ```markdown title="English"
    ### SimpleX Chat

    !!! recommendation

        ![Simplex logo](assets/img/messengers/simplex.svg){ align=right }
    ```
    ```markdown title="Translation"
    ### SimpleX Chat

    !!! recommendation

        ![Element logo](assets/img/messengers/element.svg){ align=right }
    ```
    ```markdown title="Use instead"
    ### SimpleX Chat

    !!! recommendation

        ![Logo di Simplex](assets/img/messengers/simplex.svg){ align=right }
    ```
    """

    id = "TM201"
    name = "mismatched-card-logo"
    summary = "A card shows another logo than its English counterpart"
    severity = Severity.ERROR
    kinds = ("admonition", "item")

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
        if shown is None:
            as_link = _logo_link(target, expected.src)
            if as_link is None:
                yield Report(
                    f'card shows no logo; English shows "{basename(expected.src)}"',
                    node=target,
                    source=source,
                    source_span=expected.span,
                )
            # a logo written as a link is the missing-`!` defect, reported by the markup rules
            return
        yield Report(
            f'card shows "{basename(shown.src)}" where English shows "{basename(expected.src)}": '
            "the card's content may belong to another product",
            node=target,
            span=shown.span,
            source=source,
            source_span=expected.span,
        )


RULES = (MismatchedCardLogo,)
