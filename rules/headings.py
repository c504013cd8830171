"""TM111-TM112: headings that name a product, and headings of an older English revision.

TM112 is outside the default catalogue: it needs the English page's history, which
`check --source-history` provides (as for TM701 stale-block).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from linter.align.aligner import Pair
from linter.engine.findings import Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.engine.site import heading_key
from linter.parse.tree import Admonition, Section
from linter.patterns import lazy

from .card_facts import card_name, is_phrase, keeps_name, misplaced

if TYPE_CHECKING:  # the history's modules load only when a run reads the history
    from linter.history.headings import OldHeading

_WORD = lazy(r"[^\W_]+")


def product_name(section: Section) -> str | None:
    """The product an English heading names: the bold name of the card right under it, when the heading says it.

    `## Signal` over a card opening with `**Signal** is a mobile app` names Signal;
    `## Encrypted Messengers` over the same card does not.
    """
    for child in section.children:
        if isinstance(child, Section):
            break
        if isinstance(child, Admonition) and child.is_card:
            name = card_name(child)
            if name is not None and not is_phrase(name.text) and _says(section.title, name.text):
                return name.text
            return None
    return None


def _says(title: str, name: str) -> bool:
    """Whether a heading says the whole name as words ("SimpleX Chat" says "SimpleX"), or is part of it."""
    title, name = " ".join(title.casefold().split()), " ".join(name.casefold().split())
    return name.startswith(title) or re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", title) is not None


def _sections(pair: Pair) -> tuple[Section, Section] | None:
    source, target = pair.source, pair.target
    if not isinstance(source, Section) or not isinstance(target, Section) or pair.how in ("missing", "extra"):
        return None
    if heading_key(source.title) == heading_key(target.title):
        return None
    return source, target


def _lost_name(pair: Pair, ctx: RuleContext) -> str | None:
    """The product name the English heading says and the translated one does not."""
    sections = _sections(pair)
    if sections is None:
        return None
    source, target = sections
    name = product_name(source)
    if name is None or keeps_name(name, target.title):
        return None
    card = (
        next((child for child in pair.target.children if isinstance(child, Admonition)), None) if pair.target else None
    )
    if card is not None and any(p.target is card and misplaced(p, ctx) for p in ctx.alignment.pairs_of("admonition")):
        return None  # the card below is another product's: misplaced-card's
    return name


def old_heading(pair: Pair, ctx: RuleContext) -> tuple[str, OldHeading] | None:
    """("text" | "place", OldHeading) when the translated heading is one of an older English revision.

    "text": the heading is, word for word, a heading English had before. "place": English names
    a product here and the translation does not, and an older revision had another heading at
    this place (the n-th heading of this level), which English has dropped since.
    """
    sections = _sections(pair)
    if ctx.history is None or sections is None:
        return None
    source, target = sections
    old = ctx.history.old_headings(ctx.alignment.source)
    if old is None:
        return None
    by_title = old.by_title.get(heading_key(target.title))
    if by_title is not None:
        return "text", by_title
    if _lost_name(pair, ctx) is None:
        return None
    before = [
        s for s in ctx.alignment.target.sections() if s.level == target.level and s.span.start < target.span.start
    ]
    by_place = old.by_place.get((target.level, len(before) + 1))
    return ("place", by_place) if by_place is not None else None


class TranslatedProductHeading(Rule):
    """A heading that names a product in English names something else in the translation.

    ## What it does
    Flags a translated heading whose English heading names the product of the
    card right under it (`## Signal` over the Signal card) when the translated
    heading does not keep the name: translated ("Sinal"), transliterated, or
    replaced by another text.

    ## Why is this bad?
    Product names are not translated: readers look the product up by its name,
    and the table of contents no longer lists it.

    ## Example
    ```markdown title="English"
    ### Signal

    !!! recommendation

        **Signal** is a mobile app developed by Signal Messenger LLC.
    ```
    ```markdown title="Translation"
    ### Sinal

    !!! recommendation

        **Signal** é uma aplicação móvel desenvolvida pela Signal Messenger LLC.
    ```
    ```markdown title="Use instead"
    ### Signal

    !!! recommendation

        **Signal** é uma aplicação móvel desenvolvida pela Signal Messenger LLC.
    ```

    ## Known false positives
    A product sold under a localised name in that language.
    """

    id = "TM111"
    name = "translated-product-heading"
    summary = "A heading that names a product says something else in the translation"
    severity = Severity.WARNING
    kinds = ("section",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        name = _lost_name(pair, ctx)
        if name is None or old_heading(pair, ctx) is not None:  # an older revision's: outdated-heading's
            return
        source, target = pair.source, pair.target
        assert isinstance(source, Section) and isinstance(target, Section)
        yield Report(
            f'heading "{target.title}" stands where English names the product "{name}" (the card below is '
            "about it): product names stay as they are",
            node=target,
            span=target.heading_span,
            source=source,
            source_span=source.heading_span,
        )


class OutdatedHeading(Rule):
    """A heading is that of an older revision of the English page.

    ## What it does
    With the English page's history (`--source-history`), flags a translated
    heading that is, word for word, a heading an older revision of the English
    page had and the current one has not; or, where English names a product
    and the translation does not, the translation of the heading an older
    revision had at that place after English restructured its headings. The
    message names the revision and the heading English has now.

    ## Why is this bad?
    The translation's outline is that of a page English has since changed:
    readers see sections English renamed or dropped, and translation memory
    will keep offering the old heading.

    ## Example
    ```markdown title="English"
    ### Briar
    ```
    ```markdown title="Translation"
    ### Briar (Android)
    ```
    ```markdown title="Use instead"
    ### Briar
    ```
    """

    id = "TM112"
    name = "outdated-heading"
    summary = "A heading is that of an older revision of the English page"
    severity = Severity.WARNING
    kinds = ("section",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        found = old_heading(pair, ctx)
        if found is None:
            return
        how, old = found
        source, target = pair.source, pair.target
        assert isinstance(source, Section) and isinstance(target, Section)
        revision, changed = old.revision.describe(), old.changed.describe()
        if how == "text":
            message = (
                f'heading "{target.title}" is the English heading of an older revision ({revision}, line '
                f'{old.line}); English has "{source.title}" here since {changed}'
            )
        else:
            message = (
                f'heading "{target.title}" stands where English names the product "{product_name(source)}"; it is '
                f'likely the translation of "{old.title}", the heading English had at this place in an older '
                f"revision ({revision}) and dropped in {changed}"
            )
        yield Report(message, node=target, span=target.heading_span, source=source, source_span=source.heading_span)


# outdated-heading needs the English history: like stale-block, it runs with `check --source-history`.
RULES = (TranslatedProductHeading,)
