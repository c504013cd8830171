"""TM701: a translated block made from an English text that has been edited since (needs the English history).

Not in the default catalogue: it runs with `transmark check --source-history PATH`, because walking
every page's revisions is work a pre-commit hook should not do unasked.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.align.aligner import Pair
from linter.engine.findings import Severity
from linter.engine.rule import Report, Rule, RuleContext


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
