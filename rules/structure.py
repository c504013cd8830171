"""TM1xx: the page's section skeleton: headings shuffled, missing, extra, moved or re-levelled."""

from __future__ import annotations

from collections.abc import Iterator

from linter.align import Pair
from linter.findings import Severity
from linter.rule import Report, Rule, RuleContext
from linter.tree import Section


def _norm(title: str) -> str:
    return " ".join(title.casefold().split())


class ShuffledHeading(Rule):
    """Heading text belongs to another section of the English page.

    ## What it does
    Flags a translated heading whose text is the heading of a *different* section
    in the English page, while the section at this place has another heading in
    English. Translation memory gone wrong produces this: "Encrypted Messengers"
    rendered as "Signal", so the page shows two "Signal" headings and no
    "Encrypted Messengers".

    ## Why is this bad?
    Readers navigate by headings; the table of contents and every link to the
    section's anchor now point to the wrong place.

    ## Example
    ```markdown title="English"
    ## Encrypted Messengers

    ### Signal
    ```
    ```markdown title="Translation"
    ## Signal

    ### Signal
    ```
    ```markdown title="Use instead"
    ## Messaggistica crittografata

    ### Signal
    ```

    ## Known false positives
    A heading that legitimately repeats another heading's product name in a
    different section of the same English page.
    """

    id = "TM101"
    name = "shuffled-heading"
    summary = "A heading shows the text of another section's English heading"
    severity = Severity.ERROR
    kinds = ("section",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if not isinstance(source, Section) or not isinstance(target, Section):
            return
        title = _norm(target.title)
        if not title or title == _norm(source.title):
            return
        titles = ctx.alignment.cache.get("source-titles")
        if titles is None:  # built once per page: a rule call per heading must not re-walk the tree
            titles = ctx.alignment.cache["source-titles"] = [
                (_norm(s.title), s) for s in ctx.alignment.source.sections()
            ]
        for other_title, other in titles:
            if other is not source and other_title == title:
                yield Report(
                    f'heading "{target.title}" stands where English has "{source.title}"; '
                    f'"{other.title}" is the English heading of another section (line {other.span.start.line})',
                    node=target,
                    span=target.heading_span,
                    source=source,
                    source_span=source.heading_span,
                )
                return


class MissingSection(Rule):
    """An English section has no counterpart in the translation.

    ## What it does
    Flags a section of the English page that the translation does not have at all:
    no heading with the same id, text or content is found anywhere in the page.

    ## Why is this bad?
    Readers of the translation miss that part of the page, and links to its anchor break.

    ## Example
    ```markdown title="English"
    ## Signal

    ## Molly
    ```
    ```markdown title="Translation"
    ## Signal
    ```
    ```markdown title="Use instead"
    ## Signal

    ## Molly
    ```
    """

    id = "TM102"
    name = "missing-section"
    summary = "An English section is missing from the translation"
    severity = Severity.ERROR
    kinds = ("section",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        if pair.how == "missing" and isinstance(pair.source, Section):
            yield Report(
                f'section "{pair.source.title}" (level {pair.source.level}) is missing here',
                span=ctx.alignment.anchor_in_target(pair.source),
                source=pair.source,
                source_span=pair.source.heading_span,
            )


class ExtraSection(Rule):
    """A translated section has no counterpart in the English page.

    ## What it does
    Flags a section of the translation that matches no English section by id,
    heading or content: content pasted from another page or left over from an
    older English revision.

    ## Why is this bad?
    The translation says something the English page does not (any more).

    ## Example
    ```markdown title="English"
    ## Signal
    ```
    ```markdown title="Translation"
    ## Signal

    ## Wire
    ```
    ```markdown title="Use instead"
    ## Signal
    ```
    """

    id = "TM103"
    name = "extra-section"
    summary = "A translated section has no English counterpart"
    severity = Severity.WARNING
    kinds = ("section",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        if pair.how == "extra" and isinstance(pair.target, Section):
            yield Report(
                f'section "{pair.target.title}" has no counterpart in the English page',
                node=pair.target,
                span=pair.target.heading_span,
            )


class MovedSection(Rule):
    """A section appears at another place than in the English page.

    ## What it does
    Flags a translated section that matches an English section by content but
    stands at a different position in the page order.

    ## Why is this bad?
    The translated page reads in a different order than the English one, and
    the table of contents differs between languages.

    ## Example
    ```markdown title="English"
    ## Signal

    Signal [site](https://signal.org).

    ## Briar

    Briar [site](https://briarproject.org).
    ```
    ```markdown title="Translation"
    ## Briar

    Briar [sito](https://briarproject.org).

    ## Signal

    Signal [sito](https://signal.org).
    ```
    ```markdown title="Use instead"
    ## Signal

    Signal [sito](https://signal.org).

    ## Briar

    Briar [sito](https://briarproject.org).
    ```
    """

    id = "TM104"
    name = "moved-section"
    summary = "A section stands at another place than in English"
    severity = Severity.WARNING
    kinds = ("section",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        if pair.how == "moved" and isinstance(pair.source, Section) and isinstance(pair.target, Section):
            yield Report(
                f'section "{pair.target.title}" is in another place than in English ("{pair.source.title}")',
                node=pair.target,
                span=pair.target.heading_span,
                source=pair.source,
                source_span=pair.source.heading_span,
            )


class HeadingLevelChanged(Rule):
    """A heading is at another level than its English counterpart.

    ## What it does
    Flags a translated heading whose level (`##`, `###`, …) differs from the
    English heading it corresponds to.

    ## Why is this bad?
    The page's outline and table of contents change: a subsection becomes a
    section, or the other way round.

    ## Example
    ```markdown title="English"
    ### Signal
    ```
    ```markdown title="Translation"
    ## Signal
    ```
    ```markdown title="Use instead"
    ### Signal
    ```
    """

    id = "TM105"
    name = "heading-level-changed"
    summary = "A heading is at another level than in English"
    severity = Severity.ERROR
    kinds = ("section",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if isinstance(source, Section) and isinstance(target, Section) and source.level != target.level:
            yield Report(
                f'heading "{target.title}" is level {target.level} ({"#" * target.level}); '
                f"English has level {source.level} ({'#' * source.level})",
                node=target,
                span=target.heading_span,
                source=source,
                source_span=source.heading_span,
            )


RULES = (ShuffledHeading, MissingSection, ExtraSection, MovedSection, HeadingLevelChanged)
