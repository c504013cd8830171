"""TM559-TM561: footnote references and definitions, and snippet includes, survive translation."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator

from linter.align.aligner import Alignment, BlockGroup, Pair
from linter.engine.findings import SAFE, UNSAFE, Fix, Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.positions import Span
from linter.parse.tree import Block, Node, Page
from linter.patterns import lazy

from .facts import (
    BlockGroupRule,
    Fact,
    compare_facts,
    diff_reports,
    page_side,
    quote,
    source_lines,
)

_FOOTNOTE_REF = lazy(r"\[\^([^\[\]\s]+)\](?!:)")  # no `[` in a label: one pass over a line of `[^`


def _footnote_facts(alignment: Alignment, nodes: Iterable[Node], english: bool) -> list[Fact]:
    """Footnote references as written (a reference without a definition is not in the tree)."""
    side = page_side(alignment, english)
    found = side.scan(_FOOTNOTE_REF)
    return [
        Fact(m.group(1), m.group(0), node, (side.src, m.start(), m.end()))
        for node in nodes
        for m in found.get(node, ())
    ]


class MismatchedFootnoteReference(BlockGroupRule):
    """A footnote reference differs from the English block's, or was added or dropped.

    ## What it does
    Compares the footnote references (`[^1]`) of every translated block with
    its English block's, by label.

    ## Why is this bad?
    A dropped reference hides the footnote's source or caveat from readers; a
    changed label points to another footnote, or to none.

    ## Example
    ```markdown title="English"
    Mullvad does not log queries.[^4]

    [^4]: Mullvad: [No-logging of user activity policy](https://mullvad.net/en/help/no-logging-data-policy)
    ```
    ```markdown title="Translation"
    Mullvad no registra las consultas.[^5]

    [^4]: Mullvad: [Política de no registro](https://mullvad.net/en/help/no-logging-data-policy)
    ```
    ```markdown title="Use instead"
    Mullvad no registra las consultas.[^4]

    [^4]: Mullvad: [Política de no registro](https://mullvad.net/en/help/no-logging-data-policy)
    ```

    ## Fix
    Writes the English label in place of a changed one: safe when it is the
    block's only difference in footnote references, unsafe otherwise (which
    reference stands for which is then a guess). A dropped or added reference
    is left: where it goes in the sentence has no single answer.
    """

    id = "TM559"
    extensions = ("footnotes",)
    name = "mismatched-footnote-reference"
    summary = "A footnote reference differs from English, or was added or dropped"
    severity = Severity.WARNING
    fix_safety = SAFE
    scan = _FOOTNOTE_REF

    def check_group(self, group: BlockGroup, ctx: RuleContext) -> Iterator[Report]:
        english = _footnote_facts(ctx.alignment, group.english, True)
        translation = _footnote_facts(ctx.alignment, group.translation, False)
        diff = compare_facts(english, translation, group.translation[0])
        only = len(diff.changed) == 1 and not diff.missing and not diff.extra

        def fix(old: Fact, new: Fact | None) -> Fix | None:
            if new is None:
                return None
            return Fix.replace(new.span, old.shown, f'write "{old.shown}"', SAFE if only else UNSAFE)

        yield from diff_reports(diff, group, "footnote reference", fix=fix)


def _definitions(page: Page) -> dict[str, Node]:
    if "[^" not in page.source.text:
        return {}
    return {node.info: node for node in page.root.walk() if node.kind == "footnote" and isinstance(node, Block)}


class MissingFootnoteDefinition(Rule):
    """A footnote the English page defines has no definition in the translation.

    ## What it does
    Flags every footnote label the English page defines (`[^2]: text` at the
    start of a line) that the translated page does not. It points at the
    definition when it is still there but not at the start of a line (Crowdin
    joins a definition to the end of the previous footnote), otherwise at the
    first reference to it.

    ## Why is this bad?
    Without its definition the reference `[^2]` is printed as text and the
    footnote's content is gone from the page.

    ## Example
    ```markdown title="English"
    Cloudflare does not log queries.[^2]

    [^1]: AdGuard stores aggregated performance metrics.

    [^2]: Cloudflare collects limited DNS query data.
    ```
    ```markdown title="Translation"
    Cloudflare no registra las consultas.[^2]

    [^1]: AdGuard almacena métricas de rendimiento agregadas. [^2]: Cloudflare recoge datos limitados.
    ```
    ```markdown title="Use instead"
    Cloudflare no registra las consultas.[^2]

    [^1]: AdGuard almacena métricas de rendimiento agregadas.

    [^2]: Cloudflare recoge datos limitados.
    ```

    ## Fix
    Safe: starts a definition that is not at the start of a line on a line of
    its own, after a blank line, as English has it. A definition that is gone
    is left to the translator.
    """

    id = "TM560"
    extensions = ("footnotes",)
    name = "missing-footnote-definition"
    summary = "A footnote defined in English has no definition in the translation"
    severity = Severity.WARNING
    kinds = ("page",)
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        source, target = ctx.alignment.source, ctx.alignment.target
        english = _definitions(source)
        if not english:
            return
        have = _definitions(target)
        text = target.source.text
        for label, definition in english.items():
            if label in have:
                continue
            marker = f"[^{label}]:"
            offset = text.find(marker)
            fix = None
            if offset >= 0:
                span = Span(target.source.pos(offset), target.source.pos(offset + len(marker)))
                message = f'footnote definition "{marker}" is not at the start of a line, so "[^{label}]" shows as text'
                gap = len(text[:offset]) - len(text[:offset].rstrip(" \t"))
                joined = Span(target.source.pos(offset - gap), span.end)
                fix = Fix.replace(joined, f"\n\n{marker}", f'start "{marker}" on a line of its own')
            else:
                offset = text.find(f"[^{label}]")
                if offset < 0:
                    continue  # neither reference nor definition: mismatched-footnote-reference
                span = Span(target.source.pos(offset), target.source.pos(offset + len(f"[^{label}]")))
                message = f'footnote "[^{label}]" has no definition, so it shows as text'
            yield Report(message, span=span, source=definition, fix=fix)


# -- snippet includes ---------------------------------------------------------------------------

# pymdownx.snippets: a line holding only the marker and a quoted path (anything else is text).
_SNIPPET = lazy(r"""^[ \t]*-+8<-+[ \t]+("(?:\\"|[^"\n])+?"|'(?:\\'|[^'\n])+?')$""")
_LOOSE_PATH = lazy(r"8<-+\s*[\"']?([^\"'\s]*)")  # the file an include line names, however broken
_SNIPPET_LIKE = lazy(r"^.*-8<-.*$", re.M)  # the same lines as `-+8<-+`, without backtracking over dashes


class BrokenSnippetInclude(Rule):
    """A snippet include (`--8<-- "file"`) is changed, broken or missing.

    ## What it does
    Checks that every snippet include of the English page is in the
    translation, naming the same file, written as pymdownx.snippets requires:
    alone on its line, the path in closed quotes. Crowdin's export escapes the
    marker (`\\--8<--`) or cuts the path (`"includes>`).

    ## Why is this bad?
    The included content (a list of contributors, the abbreviations, a shared
    warning) is missing from the built page, and readers see the include line
    as text instead.

    ## Example
    ```markdown title="English"
    --8<-- "includes/contributors.md"
    ```
    ```markdown title="Translation"
    \\--8<-- "includes/contributors.md"
    ```
    ```markdown title="Use instead"
    --8<-- "includes/contributors.md"
    ```

    ## Fix
    Safe: writes the English include line in place of a changed or broken one.
    Include lines pair by the file they name, so a dropped or added include
    does not shift the others; changed lines between two paired ones are fixed
    when there are as many as in English. A missing include is left.
    """

    id = "TM561"
    extensions = ("pymdownx.snippets",)
    name = "broken-snippet-include"
    summary = "A snippet include is changed, broken or missing"
    severity = Severity.ERROR
    kinds = ("page",)
    fix_safety = SAFE

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        alignment = ctx.alignment
        if "8<" not in alignment.source.source.text:
            return
        english = [node for node in alignment.source.root.walk() if node.kind == "snippet"]
        src = alignment.target.source
        written = list(_SNIPPET_LIKE.finditer(src.text))
        wants = [source_lines(alignment.source, node)[0].lstrip() for node in english]
        pairs = _paired(wants, [line.group(0) for line in written])
        for index, (node, want) in enumerate(zip(english, wants, strict=True)):
            path = _snippet_path(want)
            if path is None:
                continue  # a block of several includes: not compared
            paired, sure = pairs.get(index, (None, False))
            if paired is None:
                anchor = alignment.anchor_in_target(node)
                yield Report(f'snippet include "{want}" is missing', span=anchor, source=node)
                continue
            line = written[paired]
            has = line.group(0).lstrip()
            found = _snippet_path(has)
            if found == path:
                continue
            span = Span(src.pos(line.start() + len(line.group(0)) - len(line.group(0).lstrip())), src.pos(line.end()))
            if found is None:
                message = f'snippet include "{quote(has)}" shows as text because {_unread(has)}; English has "{want}"'
            else:
                message = f'snippet include "{quote(has)}" where English has "{want}"'
            fix = Fix.replace(span, want, f'write "{want}"') if sure else None
            yield Report(message, node=ctx.counterpart(node), span=span, source=node, fix=fix)


def _paired(english: list[str], written: list[str]) -> dict[int, tuple[int, bool]]:
    """English include index → (index of the translation's include line it pairs with, whether surely).

    Lines pair by the file they name (escaped or spaced lines too), in order: a dropped or an added
    include does not shift the others. Between two such anchors, as many lines on each side pair in
    order, surely; unequal runs pair in order too, but not surely, and English's surplus is missing.
    """
    matcher = difflib.SequenceMatcher(None, list(map(_loose_path, english)), list(map(_loose_path, written)), False)
    pairs: dict[int, tuple[int, bool]] = {}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        sure = tag == "equal" or i2 - i1 == j2 - j1
        for offset in range(min(i2 - i1, j2 - j1)):
            pairs[i1 + offset] = (j1 + offset, sure)
    return pairs


def _loose_path(line: str) -> str:
    match = _LOOSE_PATH.search(line)
    return match.group(1) if match else ""


def _unread(line: str) -> str:
    """Why pymdownx.snippets does not read an include line."""
    if line.startswith("\\"):
        return "it is escaped"
    if _snippet_path(line.rstrip()):
        return "of spaces after it"
    return "it is not a valid include"


def _snippet_path(line: str) -> str | None:
    match = _SNIPPET.match(line)
    return match.group(1)[1:-1] if match else None


RULES: tuple[type[Rule], ...] = (
    MismatchedFootnoteReference,
    MissingFootnoteDefinition,
    BrokenSnippetInclude,
)
