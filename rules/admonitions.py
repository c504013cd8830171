"""TM3xx: admonitions and collapsibles whose type keyword is translated or broken."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.align import Pair
from linter.findings import Severity
from linter.positions import Pos, Span
from linter.rule import Report, Rule, RuleContext
from linter.tree import Admonition, Block

# What a writer meant as a container header: the markers, whatever follows them.
_MARKER = re.compile(r"^\s*(!{3}|\?{3}\+?|={3}\+?)(?=\s|$|\S)")


class TranslatedAdmonitionType(Rule):
    """The type keyword of an admonition or collapsible differs from English.

    ## What it does
    Compares the type of every admonition (`!!! recommendation`, `??? downloads`,
    `<div class="admonition warning" markdown>`, `<details class="note" markdown>`,
    `/// tip`) with its English counterpart's type.

    ## Why is this bad?
    The type is a CSS class, not text: `!!! рекомендації` still renders a box,
    but without the card layout, icon and colour of `recommendation`, and
    `??? הורדות` is no longer the downloads drop-down. Only the title may be
    translated (`!!! warning "Avviso"`).

    ## Example
    ```markdown title="English"
    !!! recommendation

        **Signal** is a mobile app.
    ```
    ```markdown title="Translation"
    !!! рекомендації

        **Signal** — мобільний застосунок.
    ```
    ```markdown title="Use instead"
    !!! recommendation

        **Signal** — мобільний застосунок.
    ```
    """

    id = "TM301"
    name = "translated-admonition-type"
    summary = "An admonition's type keyword differs from English"
    severity = Severity.ERROR
    kinds = ("admonition",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if not isinstance(source, Admonition) or not isinstance(target, Admonition):
            return
        if source.tag.casefold() == target.tag.casefold():
            return
        span = target.header_span
        line = ctx.alignment.target.source.lines[span.start.line - 1] if span else ""
        column = line.find(target.tag) + 1 if target.tag and target.tag in line else None
        if span and column:
            span = Span(Pos(span.start.line, column), Pos(span.start.line, column + len(target.tag)))
        yield Report(
            f'admonition type "{target.tag}" where English has "{source.tag}": the type is a keyword '
            "the site styles by, not text to translate (translate only the quoted title)",
            node=target,
            span=span,
            source=source,
            source_span=source.header_span,
        )


class BrokenAdmonitionHeader(Rule):
    """An admonition header the site cannot parse, so the box disappears.

    ## What it does
    Flags a paragraph that starts with `!!!`, `???` or `===` but is not a valid
    header as Python-Markdown reads it: `???` with the type moved to the next
    line, a type after a non-breaking space, a curly-quoted title. The renderer
    prints the marker as text and turns the indented body into a code block.

    ## Why is this bad?
    The collapsible (often the downloads list of a card) vanishes from the built
    page and its links show as raw Markdown in a grey code box.

    ## Example
    ```markdown title="English"
    ??? downloads

        - [Google Play](https://play.google.com/store/apps/details?id=chat.simplex.app)
    ```
    ```markdown title="Translation"
    ???

    downloads

        - [Google Play](https://play.google.com/store/apps/details?id=chat.simplex.app)
    ```
    ```markdown title="Use instead"
    ??? downloads

        - [Google Play](https://play.google.com/store/apps/details?id=chat.simplex.app)
    ```
    """

    id = "TM302"
    name = "broken-admonition-header"
    summary = "An admonition or collapsible header is broken and does not render"
    severity = Severity.ERROR
    kinds = ("paragraph",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        target = pair.target
        if not isinstance(target, Block) or not target.raw:
            return
        first = target.raw.split("\n", 1)[0]
        match = _MARKER.match(first)
        if match is None:
            return
        if match.group(1).startswith("=") and pair.source is not None and pair.source.raw.lstrip().startswith("==="):
            return  # the English has the same text: not a translation defect (e.g. an escaped tab)
        expected = self._expected_header(pair, ctx)
        column = match.start(1) + 1
        hint = ""
        if expected is not None and expected.header_span is not None:
            line = ctx.alignment.source.source.lines[expected.header_span.start.line - 1].strip()
            hint = f'; English has "{line}"'
        yield Report(
            f'"{first.strip()}" is not a valid header, so the site shows it as text{hint}',
            node=target,
            span=Span(Pos(target.span.start.line, column), Pos(target.span.start.line, len(first) + 1)),
            source=expected if expected is not None else pair.source,
            source_span=expected.header_span if expected is not None else None,
        )

    @staticmethod
    def _expected_header(pair: Pair, ctx: RuleContext) -> Admonition | None:
        """The unpaired English admonition this paragraph stands for, in the counterpart container."""
        target = pair.target
        parent = ctx.counterpart(target.parent) if target is not None and target.parent is not None else None
        if parent is None:
            return None
        for node in parent.walk():
            if isinstance(node, Admonition) and node is not parent and node.header_span is not None:
                if ctx.counterpart(node) is None:
                    return node
        return None


RULES = (TranslatedAdmonitionType, BrokenAdmonitionHeader)
