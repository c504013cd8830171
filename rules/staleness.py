"""TM70x: what only the English history tells: blocks translated from an English text edited since (TM701),
and source-commit stamps that name no commit the English page had (TM702).

They run when the site is a git repository (its history is read once and cached) or with
`--source-history PATH`; `--no-source-history` (or `history = false`) turns them off.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.align.aligner import Pair
from linter.engine.findings import Severity
from linter.engine.rule import Report, Rule, RuleContext
from linter.parse.positions import Pos, Span
from linter.parse.tree import Page


class StaleBlock(Rule):
    """A block was translated from an older English text; English has been edited since.

    ## What it does
    With the English page's history (`--source-history`), finds translated blocks whose
    links, images and code are those of an English block that is gone today, in the same
    section, and names the revision that changed it.

    ## Why is this bad?
    The translation tells readers what the English page said months ago: a changed
    recommendation, an old link, a removed caveat.

    ## Example
    ```markdown title="English"
    **KeePassXC** stores your passwords in an [encrypted file](https://keepassxc.org/docs/).
    ```
    ```markdown title="Translation"
    **KeePassXC** guarda tus contraseñas [sin conexión](https://keepassxc.org/).
    ```
    ```markdown title="Use instead"
    **KeePassXC** guarda tus contraseñas en un [archivo cifrado](https://keepassxc.org/docs/).
    ```
    """

    id = "TM701"
    name = "stale-block"
    summary = "A block was translated from an English text that has been edited since"
    severity = Severity.INFO

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        if ctx.history is None:
            return
        for stale in ctx.history.stale_blocks(ctx.alignment):
            yield Report(
                f"{stale.node.label()} is as English was up to {stale.revision.describe()}; English changed it in "
                f"{stale.changed.describe()}",
                node=stale.node,
                source=stale.current,
            )


class BadSourceStamp(Rule):
    """A source-commit stamp names a commit the English page's history does not have.

    ## What it does
    Reads the translation's source-commit stamp (the front-matter keys of `stamp-keys`:
    `l10n.sourceCommit`, `default_lang_commit`, `source_commit`) and reports it when the
    commit is not in the English page's history (mistyped, malformed, from another
    repository, lost in a rebase) or is newer than the translation's own last commit.

    ## Why is this bad?
    `transmark status` diffs English from the stamped commit to tell what the translation
    lacks. A stamp that names nothing cannot be used: the page is judged by its structure
    instead, and the stamp misleads every tool that trusts it.

    ## Example
    ```markdown title="English"
    ---
    title: Messengers
    ---
    ```
    ```markdown title="Translation"
    ---
    title: Mensajeros
    l10n:
      sourceCommit: 0123abcd
    ---
    ```
    ```markdown title="Use instead"
    ---
    title: Mensajeros
    l10n:
      sourceCommit: 5bad28ff
    ---
    ```
    """

    id = "TM702"
    name = "bad-source-stamp"
    summary = "A source-commit stamp names a commit the English page's history does not have"
    severity = Severity.WARNING

    def check(self, pair: Pair, ctx: RuleContext) -> Iterator[Report]:
        if ctx.history is None:
            return
        stamp = ctx.history.bad_stamp(ctx.alignment)
        if stamp is not None:
            yield Report(
                stamp.problem, span=_key_line(ctx.alignment.target, stamp.key), key=f"front-matter/{stamp.key}"
            )


def _key_line(page: Page, key: str) -> Span:
    """The line of a front-matter key; a dotted key's leaf is looked for in the indented lines of its table."""
    assert page.front_matter is not None  # a stamp is read from it
    head, _, leaf = key.partition(".")
    line = page.front_matter.key_lines.get(head, page.front_matter.span.start.line)
    if leaf:
        last = page.front_matter.span.end.line
        leaf_line = re.compile(rf"[ \t]+{re.escape(leaf.rpartition('.')[2])}[ \t]*:")
        line = next((n for n in range(line + 1, last + 1) if leaf_line.match(page.source.lines[n - 1])), line)
    return Span(Pos(line, 1), Pos(line, len(page.source.lines[line - 1]) + 1))
