"""TM305-TM307: HTML boxes (`<div>`, `<details>`) that translation broke.

A container left unclosed or closing nothing, one that lost the `markdown` attribute its
Markdown content needs, a `<details>` without its `<summary>`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from linter.align.aligner import Pair
from linter.engine.findings import SAFE, Fix, Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.positions import Pos, Span
from linter.parse.source import SourceText
from linter.parse.tree import Admonition, Node, Section
from linter.patterns import lazy

_MARKDOWN_ATTRIBUTE = lazy(r"""\bmarkdown(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""", re.I)
_CLOSING = {"div": "</div>", "details": "</details>"}


class UnbalancedHtmlContainer(Rule):
    """A `<div>` or `<details>` is never closed, or a closing tag closes nothing.

    ## What it does
    Reports an HTML container (`<div class="admonition …" markdown>`,
    `<details class="downloads" markdown>`, grids) that has no closing tag where
    the English one is closed, and a `</div>` or `</details>` that closes nothing
    where English has none.

    ## Why is this bad?
    Without its closing tag a `markdown` box swallows the rest of the page, and a
    raw HTML block turns the rest of the page into unformatted text. A stray
    closing tag ends one of the theme's own boxes early and breaks the layout.

    ## Example
    ```markdown title="English"
    <div class="admonition warning" markdown>

    Text.

    </div>

    ## Next
    ```
    ```markdown title="Translation"
    <div class="admonition warning" markdown>

    Testo.

    ## Avanti
    ```
    ```markdown title="Use instead"
    <div class="admonition warning" markdown>

    Testo.

    </div>

    ## Avanti
    ```
    """

    id = "TM305"
    name = "unbalanced-html-container"
    summary = "A <div> or <details> is never closed, or a closing tag closes nothing"
    severity = Severity.ERROR
    kinds = ("page",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        yield from self._stray(ctx)
        source_text, target_text = ctx.alignment.source.source, ctx.alignment.target.source
        text = target_text.text
        balanced = text.count("<div") + text.count("<details") == text.count("</div>") + text.count("</details>")
        if balanced and not ctx.alignment.target.problems:
            return  # as many closing tags as opening ones, and none closes nothing: all are closed
        for node in ctx.alignment.target.root.walk():
            name = _html_name(node)
            if name is None or _closed(node, name, target_text):
                continue
            english = ctx.counterpart(node)
            if english is None or not _closed(english, name, source_text):
                continue
            opening = target_text.lines[node.span.start.line - 1][node.span.start.column - 1 :].split(">", 1)[0] + ">"
            effect = (
                "everything after it, to the end of the page, ends up inside it"
                if node.markdown
                else "the rest of the page shows as unformatted text"
            )
            yield Report(
                f'"{opening}" has no closing "{_CLOSING[name]}" (English closes it at line {english.span.end.line}): '
                + effect,
                node=node,
                span=Span(node.span.start, Pos(node.span.start.line, node.span.start.column + len(opening))),
                source=english,
            )

    @staticmethod
    def _stray(ctx: RuleContext) -> Iterator[Report]:
        """Closing tags that close nothing, beyond those the same English section has."""
        if not ctx.alignment.target.problems:
            return
        source_sections, target_sections = ctx.alignment.source.sections(), ctx.alignment.target.sections()
        english: Counter[tuple[Node | None, str]] = Counter(
            (_section_at(source_sections, span), message) for message, span in ctx.alignment.source.problems
        )
        for message, span in ctx.alignment.target.problems:
            section = _section_at(target_sections, span)
            key = (ctx.counterpart(section) if section is not None else None, message)
            if english[key] > 0:
                english[key] -= 1
                continue
            tag = message.split(" ", 1)[0]
            yield Report(
                f'"{tag}" closes nothing: a stray closing tag ends one of the page layout\'s boxes early',
                span=span,
                source=ctx.counterpart(section) if section is not None else None,
            )


def _html_name(node: Node) -> str | None:
    """The HTML element a container was opened with, if any."""
    if isinstance(node, Admonition):
        return node.syntax if node.syntax in _CLOSING else None
    return "div" if node.kind in ("grid", "div") else None


def _closed(node: Node, name: str, text: SourceText) -> bool:
    """The parser ends a closed container's span with its closing tag."""
    end = text.offset(node.span.end.line, node.span.end.column)
    closing = _CLOSING[name]
    return text.text[end - len(closing) : end].lower() == closing


def _section_at(sections: list[Section], span: Span) -> Section | None:
    """The innermost of a page's sections holding a position."""
    found = None
    for section in sections:
        if section.span.start <= span.start <= section.span.end:
            found = section
    return found


class MissingMarkdownAttribute(Rule):
    """An HTML container lost its `markdown` attribute, so its content shows as raw Markdown.

    ## What it does
    Compares the `markdown` attribute of every `<div>` and `<details>` container
    with its English counterpart's.

    ## Why is this bad?
    The site renders Markdown inside HTML only where the element says `markdown`:
    without it, `**Signal**`, `[links](…)` and `- lists` show as literal text.

    ## Example
    ```markdown title="English"
    <details class="downloads" markdown>
    <summary>Downloads</summary>

    - [Android](https://signal.org/android/apk)

    </details>
    ```
    ```markdown title="Translation"
    <details class="downloads">
    <summary>Scarica</summary>

    - [Android](https://signal.org/android/apk)

    </details>
    ```
    ```markdown title="Use instead"
    <details class="downloads" markdown>
    <summary>Scarica</summary>

    - [Android](https://signal.org/android/apk)

    </details>
    ```

    ## Fix
    Safe: writes the attribute as English writes it (`markdown`,
    `markdown="1"`) at the end of the opening tag.
    """

    id = "TM306"
    name = "missing-markdown-attribute"
    summary = "An HTML container lost its markdown attribute"
    severity = Severity.ERROR
    kinds = ("admonition", "grid", "div")
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if source is None or target is None or _html_name(target) is None:
            return
        if not source.markdown or target.markdown:
            return
        line = ctx.alignment.target.source.lines[target.span.start.line - 1]
        opening = line[target.span.start.column - 1 :].split(">", 1)[0] + ">"
        span = Span(target.span.start, Pos(target.span.start.line, target.span.start.column + len(opening)))
        english = ctx.alignment.source.source.lines[source.span.start.line - 1][source.span.start.column - 1 :]
        written = _MARKDOWN_ATTRIBUTE.search(english.split(">", 1)[0])
        fix = None
        if written is not None and ">" in line[target.span.start.column - 1 :]:
            fixed = f"{opening[:-1].rstrip()} {written.group()}>"
            fix = Fix.replace(span, fixed, f'write "{written.group()}"')
        yield Report(
            f'"{opening}" lacks the "markdown" attribute the English has: the site shows its content as raw Markdown',
            node=target,
            span=span,
            source=source,
            fix=fix,
        )


class MissingSummary(Rule):
    """A `<details>` collapsible lost its `<summary>`.

    ## What it does
    Flags a `<details>` element without a `<summary>` where the English one has
    one. The summary text itself may be translated.

    ## Why is this bad?
    The browser labels a drop-down without summary "Details" in the reader's
    browser language: the downloads list no longer says what it holds.

    ## Example
    ```markdown title="English"
    <details class="downloads" markdown>
    <summary>Downloads</summary>

    - [Android](https://signal.org/android/apk)

    </details>
    ```
    ```markdown title="Translation"
    <details class="downloads" markdown>

    - [Android](https://signal.org/android/apk)

    </details>
    ```
    ```markdown title="Use instead"
    <details class="downloads" markdown>
    <summary>Scarica</summary>

    - [Android](https://signal.org/android/apk)

    </details>
    ```
    """

    id = "TM307"
    name = "missing-summary"
    summary = "A <details> collapsible lost its <summary>"
    severity = Severity.WARNING
    kinds = ("admonition",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if not isinstance(source, Admonition) or not isinstance(target, Admonition):
            return
        if source.syntax != "details" or target.syntax != "details" or source.title is None or target.title is not None:
            return
        yield Report(
            f'"<details>" has no "<summary>" (English: "{source.title}"): the browser labels it "Details"',
            node=target,
            span=target.header_span,
            source=source,
        )


RULES = (
    UnbalancedHtmlContainer,
    MissingMarkdownAttribute,
    MissingSummary,
)
