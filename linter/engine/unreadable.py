"""TM000: a page that cannot be read or parsed is a finding on that page, and the run goes on."""

from __future__ import annotations

from dataclasses import replace

from linter.engine.findings import Finding, Severity
from linter.engine.rule import Rule
from linter.errors import InputError
from linter.parse.positions import Pos, Span


class UnreadablePage(Rule):
    """A page cannot be read or parsed, so none of its translation can be checked.

    ## What it does

    Reports a page that is not a Markdown page transmark can read: a binary file, text
    that is not UTF-8, front matter that is not valid YAML, a file that cannot be read,
    or a translation whose English page does not exist. The other pages of the run are
    linted as usual. A run on a single pair (`--source`) stops with exit status 2 instead.

    ## Why is this bad?

    MkDocs fails to build a page whose front matter is broken, and shows garbage for one
    that is not UTF-8; the page's translation is lost to readers.

    ## Example

    ```markdown title="English"
    ---
    title: "Real-time communication: messengers"
    ---
    ```

    ```markdown title="Translation"
    ---
    title: Comunicazione in tempo reale: messaggistica
    ---
    ```

    ```markdown title="Use instead"
    ---
    title: "Comunicazione in tempo reale: messaggistica"
    ---
    ```
    """

    id = "TM000"
    name = "unreadable-page"
    summary = "a page cannot be read or parsed (binary, not UTF-8, broken front matter, no English page)"
    severity = Severity.ERROR


def unreadable(error: InputError, lang: str) -> Finding:
    """The finding for a page the runner could not lint, at the line the error names (else line 1)."""
    line = error.line or 1
    return Finding(
        UnreadablePage.id,
        UnreadablePage.name,
        UnreadablePage.severity,
        error.path,
        Span(Pos(line, 1), Pos(line, 1)),
        error.reason,
        lang=lang,
        key="page",
    )


def configured(findings: list[Finding], severities: dict[str, Severity]) -> list[Finding]:
    """TM000 findings with their configured severity; none when the run deselected TM000."""
    severity = severities.get(UnreadablePage.id)
    return [
        replace(f, severity=severity) if f.rule_id == UnreadablePage.id and severity is not None else f
        for f in findings
        if f.rule_id != UnreadablePage.id or severity is not None
    ]
