"""TM562: HTML tags stay as in English."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from linter.align.aligner import Alignment, BlockGroup
from linter.engine.findings import Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.tree import Node
from linter.patterns import lazy

from .facts import (
    BlockGroupRule,
    Fact,
    compare_facts,
    diff_reports,
    page_side,
)

_TAG = lazy(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])([^<>]*)>")
_CLASS = lazy(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_MARKDOWN = lazy(r"\bmarkdown\b", re.I)
# Whole elements a translation may add or drop: glosses (`<abbr>`, `<dfn>`), and formatting that
# Markdown writes too (`<strong>` for `**`), compared by the emphasis and code rules in either form.
# Links and media are compared by the link and image rules, whichever form they are written in.
_OPTIONAL = frozenset({"abbr", "dfn", "strong", "b", "em", "i", "code", "a", "iframe", "video"})
_MEDIA = frozenset({"img", "source"})  # void: no closing tag to lose


def _tag_facts(alignment: Alignment, nodes: Iterable[Node], english: bool) -> list[Fact]:
    side = page_side(alignment, english)
    found = side.scan(_TAG)
    facts = []
    for node in nodes:
        for m in found.get(node, ()):
            closing, name, attrs = m.group(1), m.group(2).lower(), m.group(3)
            classes = _CLASS.search(attrs) if "class" in attrs else None
            names = " ".join(sorted(next(g for g in classes.groups() if g is not None).split())) if classes else ""
            markdown = "markdown" in attrs and bool(_MARKDOWN.search(attrs))
            shown = f"<{closing}{name}" + (f' class="{names}"' if names else "") + (" markdown" if markdown else "")
            facts.append(Fact((closing, name, names, markdown), shown + ">", node, (side.src, m.start(), m.end())))
    return facts


class MismatchedHtmlTag(BlockGroupRule):
    """An HTML tag differs from the English block's, or was added or dropped.

    ## What it does
    Compares the HTML tags (`<br>`, `<kbd>`, `<sup>`, `<span class="…">`,
    `<a href>` and their closing tags) of every translated block with its
    English block's: tag name, class and the `markdown` attribute. Attribute
    values readers see (`title`, `alt`) and link targets do not count, nor
    whole `<abbr>`, `<dfn>` glosses and formatting Markdown also writes
    (`<strong>`, `<em>`, `<b>`, `<i>`, `<code>`) added or dropped; a stray or
    missing closing tag of them is reported. A tag repeated on one line is
    reported once.

    ## Why is this bad?
    A dropped closing tag swallows the rest of the paragraph into a link or a
    list item, a stray `</li>` breaks the list around it, and a dropped `<br>`
    runs two lines of a button together.

    ## Example
    ```markdown title="English"
    Receiving OTP codes via SMS is <a href="#sms">one of the weaker methods</a> of MFA.
    ```
    ```markdown title="Translation"
    Het ontvangen van OTP-codes via SMS is een van de zwakkere manieren. </a> MFA.
    ```
    ```markdown title="Use instead"
    Het ontvangen van OTP-codes via SMS is <a href="#sms">een van de zwakkere manieren</a> van MFA.
    ```
    """

    id = "TM562"
    name = "mismatched-html-tag"
    summary = "An HTML tag differs from English, or was added or dropped"
    severity = Severity.WARNING
    scan = _TAG

    def check_group(self, group: BlockGroup, ctx: RuleContext) -> Iterator[Report]:
        english = _tag_facts(ctx.alignment, group.english, True)
        translation = _tag_facts(ctx.alignment, group.translation, False)
        optional = _balanced(english) & _balanced(translation)
        optional |= _MEDIA
        english = [fact for fact in english if fact.key[1] not in optional]
        translation = [fact for fact in translation if fact.key[1] not in optional]
        seen: set[tuple[int, str]] = set()
        for report in diff_reports(compare_facts(english, translation, group.translation[0]), group, "HTML tag"):
            where = report.span or (report.node.span if report.node is not None else None)
            line = where.start.line if where is not None else 0
            if (line, report.message) not in seen:  # the same tag five times on a line: one finding
                seen.add((line, report.message))
                yield report


def _balanced(facts: list[Fact]) -> set[str]:
    """Optional elements (see _OPTIONAL) each opened as often as closed in `facts`: whole elements."""
    opened: dict[str, int] = {}
    for fact in facts:
        closing, name = fact.key[0], fact.key[1]
        if name in _OPTIONAL:
            opened[name] = opened.get(name, 0) + (-1 if closing else 1)
    return {name for name in _OPTIONAL if not opened.get(name)}


RULES: tuple[type[Rule], ...] = (MismatchedHtmlTag,)
