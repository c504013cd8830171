"""TM563: content tabs (`=== "Title"`, `//// tab | Title`) keep their count and order."""

from __future__ import annotations

from collections.abc import Iterator

from linter.align.aligner import Alignment, Pair
from linter.align.analysis import analysis
from linter.engine.findings import Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.tree import Admonition, Node
from linter.patterns import lazy

from .facts import match_in_order, quote


def is_tab(node: Node | None) -> bool:
    """A tab of pymdownx.tabbed (`=== "Title"`) or of pymdownx.blocks (`//// tab | Title`)."""
    return node is not None and (node.kind == "tab" or isinstance(node, Admonition) and node.tag == "tab")


def tab_title(node: Node) -> str:
    return node.title if isinstance(node, Admonition) else str(getattr(node, "info", ""))


class MismatchedContentTabs(Rule):
    """A content tab of the English page is missing, or the tabs are in another order.

    ## What it does
    Pairs the content tabs of every translated tab set (`=== "Title"` of
    pymdownx.tabbed, `//// tab | Title` of pymdownx.blocks) with the English
    ones, by their content, and flags an English tab the translation lacks and
    tabs whose order differs from English. Translated tab titles are fine.

    ## Why is this bad?
    A missing tab hides its content (the instructions for one platform, one
    Python version) from readers of the translation; tabs in another order
    no longer match the English page that links to "the second tab".

    ## Example
    ```markdown title="English"
    === "Android"

        Install from the Play Store.

    === "OBB"

        Use the OBB file.
    ```
    ```markdown title="Translation"
    === "Android"

        Installa dal Play Store.
    ```
    ```markdown title="Use instead"
    === "Android"

        Installa dal Play Store.

    === "OBB"

        Usa il file OBB.
    ```
    """

    id = "TM563"
    name = "mismatched-content-tabs"
    summary = "A content tab of the English page is missing or out of order"
    severity = Severity.ERROR
    kinds = ("page",)

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        alignment = ctx.alignment
        text = alignment.source.source.text
        if "===" not in text and "tab" not in text:
            return
        for english in _tab_sets(alignment.source.root):
            translated = next((s for s in _tab_sets_near(english, ctx) if s), [])
            if not translated:
                continue  # the set as a whole is gone: the structure rules report what held it
            yield from _compare_sets(english, translated, ctx)


def _tab_sets(root: Node) -> Iterator[list[Node]]:
    """Runs of sibling tabs: one tab set each."""
    for parent in root.walk():
        run: list[Node] = []
        for child in [*parent.children, None]:
            if child is not None and is_tab(child):
                run.append(child)
            elif run:
                yield run
                run = []


def _tab_sets_near(english: list[Node], ctx: RuleContext) -> Iterator[list[Node]]:
    """The translated tab set holding the counterpart of a tab of `english`."""
    for tab in english:
        translated = ctx.counterpart(tab)
        if translated is not None and translated.parent is not None:
            siblings = translated.parent.children
            at = siblings.index(translated)
            start, end = at, at + 1
            while start > 0 and is_tab(siblings[start - 1]):
                start -= 1
            while end < len(siblings) and is_tab(siblings[end]):
                end += 1
            yield siblings[start:end]
            return


# A line that opens a tab for the eye: whether the site reads it as one is the parser's call.
_TAB_LIKE = lazy(r"^[ \t]*(?:={3}|/{3,}[ \t]*tab\b)")


def _broken_header(translated: list[Node], ctx: RuleContext) -> bool:
    """A tab header in the translated set's container the site does not read as one (`=== «Title»`):
    the admonition rules report it; the tab it should open is not missing on top of that."""
    parent = translated[0].parent
    return parent is not None and _stray_tab_header(ctx.alignment, parent)


@analysis
def _stray_tab_header(alignment: Alignment, parent: Node) -> bool:
    """Whether a line of `parent` in the translation opens a tab for the eye where no tab starts. The
    tabs' lines are gathered once: each such line walked the container for a tab starting there
    (8,000 tabs with one lost: minutes)."""
    src = alignment.target.source
    first, last = parent.span.start.line, min(parent.span.end.line, len(src.lines))
    headers = [line for line in range(first, last + 1) if _TAB_LIKE.match(src.lines[line - 1])]
    if not headers:
        return False
    tabs = {node.span.start.line for node in parent.walk() if is_tab(node)}
    return any(line not in tabs for line in headers)


def _compare_sets(english: list[Node], translated: list[Node], ctx: RuleContext) -> Iterator[Report]:
    same, lost, _ = match_in_order(english, translated, lambda tab: tuple(tab.invariants()))
    if len(translated) < len(english) and not _broken_header(translated, ctx):
        unpaired = [tab for tab in english if ctx.counterpart(tab) is None]
        missing = unpaired if len(unpaired) == len(english) - len(translated) else lost
        for tab in missing[: len(english) - len(translated)]:
            yield Report(
                f'content tab "{quote(tab_title(tab))}" is missing',
                span=ctx.alignment.anchor_in_target(tab),
                source=tab,
            )
        return
    position = {tab: at for at, tab in enumerate(english)}
    order = [position[e] for e, _ in same]  # English positions, in translation order
    late = next((k for k in range(1, len(order)) if order[k] < order[k - 1]), None)
    if late is not None and len({tuple(tab.invariants()) for tab in english}) == len(english):
        before, moved = same[late - 1][1], same[late][1]
        yield Report(
            f'content tab "{quote(tab_title(moved))}" comes after "{quote(tab_title(before))}": '
            "English has it before, the tabs are in another order",
            node=moved,
            source=same[late][0],
        )


RULES: tuple[type[Rule], ...] = (MismatchedContentTabs,)
