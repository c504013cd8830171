"""TM107-TM108: heading ids and the links that use them.

A heading's `{ #id }` changed or lost in translation, and links whose `#fragment` names no heading
of the page they point into.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.align.aligner import Alignment, Pair
from linter.align.analysis import context_analysis
from linter.engine.findings import SAFE, Fix, Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.positions import Pos, Span
from linter.parse.slug import heading_attr_list, heading_ids
from linter.parse.tree import Link, Node, Page, Section

from .structure import NOT_ITS_OWN, page_key


class ChangedHeadingId(Rule):
    """A heading's explicit id (`{ #id }`) is changed or dropped.

    ## What it does
    Flags a translated heading whose English counterpart sets its id with an
    attribute list (`## Criteria { #criteria }`) when the translation sets
    another id or none, so the heading gets an id made from its translated text.

    ## Why is this bad?
    Explicit ids exist so that links keep working in every language; links to
    `#criteria` from this and other pages now land at the top of the page.

    ## Example
    ```markdown title="English"
    ## Criteria { #criteria }
    ```
    ```markdown title="Translation"
    ## Criteri
    ```
    ```markdown title="Use instead"
    ## Criteri { #criteria }
    ```

    ## Fix
    Safe: writes the English id in the heading's attribute list, or appends the
    English attribute list (`{ #criteria }`) to a heading that lost it.
    """

    id = "TM107"
    name = "changed-heading-id"
    summary = "A heading's explicit id differs from English or is gone"
    severity = Severity.ERROR
    kinds = ("section",)
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = pair.source, pair.target
        if not isinstance(source, Section) or not isinstance(target, Section) or pair.how in NOT_ITS_OWN:
            return
        if not source.explicit_anchor or target.anchor == source.anchor:
            return
        if target.explicit_anchor:
            problem = f'has the id "#{target.anchor}" where English has "#{source.anchor}"'
        else:
            problem = f'lost its id "{{ #{source.anchor} }}"'
        yield Report(
            f'heading "{target.title}" {problem}: links to "#{source.anchor}" no longer reach it',
            node=target,
            span=target.heading_span,
            source=source,
            source_span=source.heading_span,
            fix=_heading_id_fix(ctx.alignment, source, target),
        )


def _heading_id_fix(alignment: Alignment, source: Section, target: Section) -> Fix | None:
    """The English id written into the translated heading's line (ATX headings only)."""
    if source.heading_span is None or target.heading_span is None:
        return None
    number = target.heading_span.start.line
    line = alignment.target.source.lines[number - 1]
    english = heading_attr_list(alignment.source.source.lines[source.heading_span.start.line - 1])
    if not line.lstrip().startswith("#") or english is None:
        return None
    found = heading_attr_list(line)
    if found is None:
        if re.search(r"\s#+\s*$", line):
            return None  # closing hashes: the attribute list would have to go before them
        end = len(line.rstrip()) + 1
        english_line = alignment.source.source.lines[source.heading_span.start.line - 1]
        attrs = " " + english_line[english[0] : english[1]].strip()
        return Fix.replace(Span(Pos(number, end), Pos(number, end)), attrs, f'append "{attrs.strip()}"')
    start, stop, anchor = found
    if anchor is None:
        return None  # an attribute list without id: where the id goes is a matter of style
    at = line.find(f"#{anchor}", start, stop)
    span = Span(Pos(number, at + 2), Pos(number, at + 2 + len(anchor)))
    return Fix.replace(span, source.anchor, f'write the id "#{source.anchor}"')


class BrokenAnchorLink(Rule):
    """A link's `#anchor` names no heading of the translated page it points to.

    ## What it does
    Checks every link to a heading (`#anchor` in this page, `page.md#anchor` in
    another page of the run) against the heading ids of the *translated* target
    page, as MkDocs assigns them: `{ #id }` ids, slugs of the translated heading
    text, and `_1`, `_2`, … for headings without Latin letters. An anchor that the
    English page does not have either is left alone: that link is broken in English.
    So is a link to a section this translation lacks altogether: missing-section (or
    truncated-page) names that section once.

    ## Why is this bad?
    Translated headings get new ids, so a link that kept the English anchor
    lands at the top of the page instead of the section it promises. Translating
    the anchor to the translated heading's id (or an explicit `{ #id }` on the
    English heading) fixes it.

    ## Example
    ```markdown title="English"
    See the [criteria](#criteria).

    ## Criteria
    ```
    ```markdown title="Translation"
    Vedi i [criteri](#criteria).

    ## Criteri
    ```
    ```markdown title="Use instead"
    Vedi i [criteri](#criteri).

    ## Criteri
    ```
    """

    id = "TM108"
    cost = 2
    name = "broken-anchor-link"
    summary = "A link's #anchor names no heading of the translated target page"
    severity = Severity.WARNING
    kinds = ("page",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        target = ctx.alignment.target
        for node in target.root.walk():
            for link in node.inline.links if node.inline is not None else ():
                message = self._problem(link, ctx)
                if message is not None:
                    yield Report(message, node=node, span=link.span)

    @staticmethod
    def _problem(link: Link, ctx: RuleContext) -> str | None:
        if "#" not in link.url or ctx.site is None:
            return None
        resolved = ctx.site.resolve(ctx.alignment.source.path, link.url)
        if resolved is None or not resolved[1]:
            return None
        path, fragment = resolved
        linked = _linked(ctx, path)
        if linked is None:
            return None
        pages, (translated_ids, english_ids) = linked
        if fragment in translated_ids or fragment not in english_ids:
            return None  # fine, or broken in English as well: not the translation's doing
        english = english_ids[fragment]
        translated = _translated_heading(ctx.alignment, pages, english)
        if translated is None and _missing_here(ctx.alignment, pages, english):
            return None  # the section itself is missing: missing-section or truncated-page says so
        where = "this page" if pages[0] is ctx.alignment.target else f"the translation of {path}"
        hint = ""
        new_id = next((key for key, node in translated_ids.items() if node is translated), None)
        if translated is not None and new_id is not None:
            hint = f'; there the heading is "{_heading_text(translated)}", with the id "#{new_id}"'
        return (
            f'link "{link.url}" names no heading of {where} '
            f'(English "{_heading_text(english)}" has the id "#{fragment}"){hint}'
        )


_Linked = tuple[tuple[Page, Page], tuple[dict[str, Node], dict[str, Node]]]


@context_analysis
def _linked(ctx: RuleContext, path: str) -> _Linked | None:
    """(translated page, English page) a link points into, with their heading ids; None when not in the run."""
    alignment = ctx.alignment
    if path == page_key(alignment.source.path):
        pages = alignment.target, alignment.source
        return pages, (heading_ids(pages[0]), heading_ids(pages[1]))
    # another page: the site parses it and numbers its ids once for every page linking to it
    assert ctx.site is not None
    translated, english = ctx.site.page(path, ctx.lang, outline=True), ctx.site.page(path, outline=True)
    ids = ctx.site.heading_ids(path, ctx.lang), ctx.site.heading_ids(path, "en")
    if translated is not None and english is not None and ids[0] is not None and ids[1] is not None:
        return (translated, english), (ids[0], ids[1])
    return None


def _missing_here(alignment: Alignment, pages: tuple[Page, Page], english: Node) -> bool:
    """Whether `english` is a heading of this page that the alignment found no counterpart for."""
    return pages[0] is alignment.target and any(
        pair.source is english and pair.how == "missing" for pair in alignment.pairs_of("section")
    )


def _heading_text(node: Node) -> str:
    return node.title if isinstance(node, Section) else node.text


def _translated_heading(alignment: Alignment, pages: tuple[Page, Page], english: Node) -> Node | None:
    """The translated heading for an English one: its counterpart, or the same place in a same-shaped page."""
    translated_page, english_page = pages
    if translated_page is alignment.target:
        return alignment.counterpart(english)
    if not isinstance(english, Section):
        return None
    english_sections, translated_sections = english_page.sections(), translated_page.sections()
    if [s.level for s in english_sections] != [s.level for s in translated_sections]:
        return None
    return translated_sections[english_sections.index(english)]


RULES = (
    ChangedHeadingId,
    BrokenAnchorLink,
)
